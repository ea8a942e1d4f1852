import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { BalanceList } from "@/components/wallet/balance-list";
import { TransactionList } from "@/components/wallet/transaction-list";
import { requireSessionUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { displayHandle } from "@/lib/handles/handle-rules";
import { getUserProfile } from "@/lib/users/get-user-profile";
import { countOpenRequestsToPay } from "@/lib/wallet/count-open-requests-to-pay";
import { getWalletBalances } from "@/lib/wallet/get-balances";
import { listTransactions } from "@/lib/wallet/list-transactions";
import { listUnpaidOrders } from "@/lib/wallet/list-unpaid-orders";
import "./money.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("wallet.home");
  return { title: t("title") };
}
export const dynamic = "force-dynamic";

const PAGE_SIZE = 20;

export default async function WalletPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const user = await requireSessionUser("/wallet");
  const t = await getTranslations("wallet.home");
  const { cursor } = await searchParams;
  // Accounts made before handles existed get theirs here, on first use.
  const { handle } = await getUserProfile(user.id);

  const [balances, openRequests] = await Promise.all([getWalletBalances(user.id), countOpenRequestsToPay({ userId: user.id })]);
  let history;
  try {
    history = await listTransactions({ userId: user.id, limit: PAGE_SIZE, cursor: typeof cursor === "string" ? cursor : undefined });
  } catch (error) {
    if (error instanceof AppError) redirect("/wallet"); // a stale or foreign cursor: start from the newest
    throw error;
  }
  const unpaid = await listUnpaidOrders({ userId: user.id, ...history.window });

  return (
    <main className="page">
      <header className="wallet-header">
        <div className="wallet-header-top">
          <Link href="/wallet" className="brand">
            {t("brand")}
          </Link>
          <span className="wallet-handle" title={t("handleTitle")} data-testid="wallet-handle">
            {displayHandle(handle)}
          </span>
        </div>
        <nav className="wallet-menu" aria-label={t("accountNav")}>
          <Link className="wallet-menu-link" href="/wallet/account">
            {t("account")}
          </Link>
          <Link className="wallet-menu-link" href="/merchant">
            {t("merchants")}
          </Link>
          <Link className="wallet-menu-link" href="/wallet/tokens">
            {t("tokens")}
          </Link>
          <SignOutButton isCompact />
        </nav>
      </header>
      <section aria-labelledby="balances-heading" className="stack">
        <h1 id="balances-heading">{t("balancesHeading")}</h1>
        <BalanceList balances={balances} />
        <nav aria-label={t("moveMoney")} style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(6.5rem, 1fr))", gap: "0.75rem" }}>
          <Link className="button button-secondary" href="/wallet/send" style={{ paddingInline: "0.25rem" }}>
            {t("send")}
          </Link>
          <Link className="button button-secondary" href="/wallet/receive" style={{ paddingInline: "0.25rem" }}>
            {t("receive")}
          </Link>
          <Link className="button button-secondary" href="/wallet/add-money" style={{ paddingInline: "0.25rem" }}>
            {t("addMoney")}
          </Link>
        </nav>
        <div className="actions">
          {/* A real button (the page contract names it so) that also works without JavaScript. */}
          <form action="/wallet/pay" method="get" style={{ display: "flex" }}>
            <button className="button button-block" type="submit">
              {t("showQr")}
            </button>
          </form>
          <Link className="button button-secondary" href="/wallet/scan">
            {t("scanQr")}
          </Link>
        </div>
        <p>
          <Link href="/wallet/requests" className="requests-link">
            {t("requests")}
            {openRequests > 0 ? " " : null}
            {openRequests > 0 ? <span className="count-badge">{t("openCount", { count: openRequests })}</span> : null}
          </Link>
        </p>
      </section>
      <section aria-labelledby="history-heading" className="stack" style={{ marginTop: "2rem" }}>
        <h2 id="history-heading">{t("historyHeading")}</h2>
        <div className="card">
          <TransactionList transactions={history.transactions} unpaid={unpaid} />
        </div>
        <nav aria-label={t("historyPages")} style={{ display: "flex", gap: "1rem" }}>
          {cursor ? <Link href="/wallet">{t("newest")}</Link> : null}
          {history.nextCursor ? <Link href={`/wallet?cursor=${encodeURIComponent(history.nextCursor)}`}>{t("older")}</Link> : null}
        </nav>
      </section>
    </main>
  );
}
