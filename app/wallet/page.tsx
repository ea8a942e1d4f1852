import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
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

export const metadata: Metadata = { title: "Wallet" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 20;

export default async function WalletPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const user = await requireSessionUser("/wallet");
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

  return (
    <main className="page">
      <header className="topbar">
        <Link href="/wallet" className="brand">
          Opencharge Wallet
        </Link>
        <div style={{ display: "flex", gap: "0.75rem", alignItems: "center", flexWrap: "wrap" }}>
          <span title="Your handle" style={{ fontWeight: 600 }}>
            {displayHandle(handle)}
          </span>
          <span className="muted small">{user.email}</span>
          <Link href="/merchant">Merchants</Link>
          <Link href="/wallet/tokens">API tokens</Link>
          <SignOutButton />
        </div>
      </header>
      <section aria-labelledby="balances-heading" className="stack">
        <h1 id="balances-heading">Balances</h1>
        <BalanceList balances={balances} />
        <nav aria-label="Move money" style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(6.5rem, 1fr))", gap: "0.75rem" }}>
          <Link className="button button-secondary" href="/wallet/send" style={{ paddingInline: "0.25rem" }}>
            Send
          </Link>
          <Link className="button button-secondary" href="/wallet/receive" style={{ paddingInline: "0.25rem" }}>
            Receive
          </Link>
          <Link className="button button-secondary" href="/wallet/add-money" style={{ paddingInline: "0.25rem" }}>
            Add money
          </Link>
        </nav>
        <div className="actions">
          {/* A real button (the page contract names it so) that also works without JavaScript. */}
          <form action="/wallet/pay" method="get" style={{ display: "flex" }}>
            <button className="button button-block" type="submit">
              Show QR code
            </button>
          </form>
          <Link className="button button-secondary" href="/wallet/scan">
            Scan QR code
          </Link>
        </div>
        <p>
          <Link href="/wallet/requests" className="requests-link">
            Requests to pay
            {openRequests > 0 ? " " : null}
            {openRequests > 0 ? <span className="count-badge">{openRequests} open</span> : null}
          </Link>
        </p>
      </section>
      <section aria-labelledby="history-heading" className="stack" style={{ marginTop: "2rem" }}>
        <h2 id="history-heading">History</h2>
        <div className="card">
          <TransactionList transactions={history.transactions} />
        </div>
        <nav aria-label="History pages" style={{ display: "flex", gap: "1rem" }}>
          {cursor ? <Link href="/wallet">Newest</Link> : null}
          {history.nextCursor ? <Link href={`/wallet?cursor=${encodeURIComponent(history.nextCursor)}`}>Older</Link> : null}
        </nav>
      </section>
    </main>
  );
}
