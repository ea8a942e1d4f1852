import Link from "next/link";
import type { WalletTransaction } from "@/lib/wallet/list-transactions";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function TransactionList({ transactions }: { transactions: WalletTransaction[] }) {
  if (transactions.length === 0) return <p className="muted">No transactions yet.</p>;
  return (
    <ul className="history" aria-label="Transactions">
      {transactions.map((t) => {
        const isIncoming = !t.amount.startsWith("-");
        return (
          <li key={t.id}>
            <div>
              <div>
                {t.txid ? (
                  <Link href={`/wallet/receipts/${t.txid}`}>{t.description}</Link>
                ) : t.paymentRequestId ? (
                  // A payment request's page is the payer's receipt of it: payments, reservations and refunds.
                  <Link href={`/pay/${t.paymentRequestId}`}>{t.description}</Link>
                ) : (
                  t.description
                )}
              </div>
              <div className="muted small">
                <time dateTime={t.createdAt}>{dateFormat.format(new Date(t.createdAt))} UTC</time>
              </div>
            </div>
            <div className={`amount${isIncoming ? " amount-in" : ""}`}>
              {isIncoming ? "+" : "−"}
              {t.amount.replace(/^-/, "")} {t.currency}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
