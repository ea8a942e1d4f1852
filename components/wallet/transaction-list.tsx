import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { formatMoney } from "@/lib/i18n/format";
import type { EntryLabel, WalletTransaction } from "@/lib/wallet/list-transactions";
import type { UnpaidOrderEntry } from "@/lib/wallet/list-unpaid-orders";

type Translate = (key: string, values?: Record<string, string>) => string;

/** What an entry reads as, in the reader's language (the memo of a transfer after a dash, as written). */
export function entryText(t: Translate, label: EntryLabel): string {
  switch (label.key) {
    case "topup":
      return t("entry.topup");
    case "returned":
      return t("entry.returned");
    case "other":
      return label.text;
    case "sentTo":
    case "receivedFrom": {
      const text = label.key === "sentTo" ? t("entry.sentTo", { handle: `@${label.handle}` }) : t("entry.receivedFrom", { handle: `@${label.handle}` });
      return label.memo ? `${text} — ${label.memo}` : text;
    }
    case "paymentTo":
      return t("entry.paymentTo", { merchant: label.merchant });
    case "paymentConfirmed":
      return t("entry.paymentConfirmed", { merchant: label.merchant });
    case "reservedFor":
      return t("entry.reservedFor", { merchant: label.merchant });
    case "reservedReleased":
      return t("entry.reservedReleased", { merchant: label.merchant });
    case "reservationReleased":
      return t("entry.reservationReleased", { merchant: label.merchant });
    case "refundFrom":
      return t("entry.refundFrom", { merchant: label.merchant });
    case "payoutFrom":
      return t("entry.payoutFrom", { merchant: label.merchant });
    case "declined":
      return t("entry.declined", { merchant: label.merchant });
    case "expired":
      return t("entry.expired", { merchant: label.merchant });
  }
}

type Row =
  | { type: "money"; at: string; entry: WalletTransaction }
  | { type: "unpaid"; at: string; entry: UnpaidOrderEntry };

/**
 * The history: every movement of money, each linked to its receipt, and the orders that were declined or
 * expired (no money moved), newest first.
 */
export async function TransactionList({ transactions, unpaid = [] }: { transactions: WalletTransaction[]; unpaid?: UnpaidOrderEntry[] }) {
  const t = await getTranslations("wallet.history");
  const format = await getFormatter();
  const locale = await getLocale();
  const rows: Row[] = [
    ...transactions.map((entry): Row => ({ type: "money", at: entry.createdAt, entry })),
    ...unpaid.map((entry): Row => ({ type: "unpaid", at: entry.at, entry })),
  ].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  if (rows.length === 0) return <p className="muted">{t("empty")}</p>;
  const when = (iso: string) => (
    <time dateTime={iso}>{format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" })}</time>
  );
  return (
    <ul className="history" aria-label={t("listLabel")}>
      {rows.map((row) => {
        if (row.type === "unpaid") {
          const e = row.entry;
          return (
            <li key={`unpaid-${e.id}`} data-testid="history-unpaid" data-status={e.status}>
              <div>
                <div>
                  <Link href={e.href}>{entryText(t, e.label)}</Link>
                </div>
                <div className="muted small">{when(e.at)}</div>
              </div>
              <div className="history-side">
                <span className={`status-badge status-ended`}>
                  {e.status === "declined" ? t("statusDeclined") : t("statusExpired")}
                </span>
                {e.amount && e.currency ? <span className="muted small history-unpaid-amount">{formatMoney(locale, e.amount, e.currency)}</span> : null}
              </div>
            </li>
          );
        }
        const e = row.entry;
        const isIncoming = !e.amount.startsWith("-");
        // A payment request's page is the payer's receipt of it (payments, reservations, refunds); every other
        // movement has its receipt under /wallet/receipts.
        const href = e.paymentRequestId ? `/pay/${e.paymentRequestId}` : `/wallet/receipts/${encodeURIComponent(e.receiptId)}`;
        return (
          <li key={e.id}>
            <div>
              <div>
                <Link href={href}>{entryText(t, e.label)}</Link>
              </div>
              <div className="muted small">{when(e.createdAt)}</div>
            </div>
            <div className={`amount${isIncoming ? " amount-in" : ""}`}>
              {isIncoming ? "+" : "−"}
              {formatMoney(locale, e.amount.replace(/^-/, ""), e.currency)}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
