import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BackToWallet, BackToWalletEnd } from "@/components/wallet/back-to-wallet";
import { SendMoneyForm } from "@/components/wallet/send-money-form";
import { requireSessionUser } from "@/lib/auth/current-user";
import { getBalances } from "@/lib/wallet/get-balances";
import "../money.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("wallet.send");
  return { title: t("title") };
}
export const dynamic = "force-dynamic";

/** `/wallet/send` (`?to=@handle` fills in the recipient): send money to another wallet user by handle. */
export default async function SendPage({ searchParams }: { searchParams: Promise<{ to?: string | string[] }> }) {
  const user = await requireSessionUser("/wallet/send");
  const t = await getTranslations("wallet.send");
  const { to } = await searchParams;
  const balances = await getBalances(user.id);
  return (
    <main className="page stack">
      <BackToWallet />
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <SendMoneyForm balances={balances} initialTo={typeof to === "string" ? to.slice(0, 100) : ""} />
      <BackToWalletEnd />
    </main>
  );
}
