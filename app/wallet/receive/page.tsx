import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { BackToWallet, BackToWalletEnd } from "@/components/wallet/back-to-wallet";
import { requireSessionUser } from "@/lib/auth/current-user";
import { getUserProfile } from "@/lib/users/get-user-profile";
import { personalPaymentUrl } from "@/lib/wallet/personal-payment-url";
import { ReceiveCard } from "./receive-card";
import "../money.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("wallet.receive");
  return { title: t("title") };
}
export const dynamic = "force-dynamic";

/** `/wallet/receive`: the user's personal QR code (`${APP_URL}/u/{handle}`) and handle, to be paid by other people. */
export default async function ReceivePage() {
  const user = await requireSessionUser("/wallet/receive");
  const t = await getTranslations("wallet.receive");
  const { handle } = await getUserProfile(user.id);
  return (
    <main className="page stack">
      <BackToWallet />
      <h1>{t("title")}</h1>
      <ReceiveCard handle={handle} url={personalPaymentUrl(handle)} />
      <p className="muted">
        {t.rich("otherWays", { link: (chunks) => <Link href="/wallet/add-money">{chunks}</Link> })}
      </p>
      <BackToWalletEnd />
    </main>
  );
}
