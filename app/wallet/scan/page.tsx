import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { EnterCodeForm } from "@/components/pay/enter-code-form";
import { BackToWallet, BackToWalletEnd } from "@/components/wallet/back-to-wallet";
import { requireSessionUser } from "@/lib/auth/current-user";
import { getEnv } from "@/lib/env";
import { ScanClient } from "./scan-client";
import "../money.css";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("payScan"))("title") };
}
export const dynamic = "force-dynamic";

export default async function ScanPage() {
  await requireSessionUser("/wallet/scan");
  const t = await getTranslations("payScan");
  return (
    <main className="page stack">
      <BackToWallet />
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <ScanClient appOrigin={new URL(getEnv().APP_URL).origin} />
      <section className="card stack" aria-labelledby="code-heading">
        <h2 id="code-heading" className="section-title">
          {t("noCamera")}
        </h2>
        <EnterCodeForm />
      </section>
      <BackToWalletEnd />
    </main>
  );
}
