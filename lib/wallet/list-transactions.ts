import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { userOwner } from "@/lib/ledger/accounts";
import { formatAmount } from "@/lib/money";
import { orderIdOfPostingKey } from "@/lib/orders/payment-posting-key";
import { describeTransferForSide, parseTransferDescription, USER_TRANSFER_KIND } from "@/lib/wallet/transfer-description";

export const listTransactionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(100).optional(),
});

/**
 * What an entry reads as, for the page to say in the reader's language (messages wallet.history.entry.*):
 * a message key and its arguments. `description` stays the English text for the API.
 */
export type EntryLabel =
  | { key: "topup" }
  | { key: "paymentTo" | "reservedFor" | "reservedReleased" | "reservationReleased" | "paymentConfirmed" | "refundFrom" | "payoutFrom"; merchant: string }
  | { key: "sentTo" | "receivedFrom"; handle: string; memo?: string }
  | { key: "returned" }
  | { key: "declined" | "expired"; merchant: string }
  | { key: "other"; text: string };

export type WalletTransaction = {
  id: string;
  kind: string;
  description: string;
  label: EntryLabel;
  /** The entry's receipt: `/wallet/receipts/{receiptId}`. */
  receiptId: string;
  /** Signed decimal string: negative for money leaving the wallet. */
  amount: string;
  currency: string;
  balanceAfter: string;
  createdAt: string;
  /** For payments: the transfer id of the signed proof, which also names the receipt. */
  txid?: string;
  /**
   * For money moved by a payment request (a payment, a reservation, its release, a refund): the request,
   * whose pay page `/pay/{id}` is the payer's receipt.
   */
  paymentRequestId?: string;
};

/**
 * The span of time a page of history covers: up to `before` (inclusive; null: now) and after `after`
 * (exclusive; null: from the start). Entries that are not ledger movements (declined and expired orders)
 * are shown on the page whose window holds their time.
 */
export type HistoryWindow = { before: Date | null; after: Date | null };

/**
 * The user's ledger entries, newest first. `cursor` is the id of the last entry of the previous page;
 * it is only honoured if that entry belongs to the same user.
 */
export async function listTransactions(options: {
  userId: string;
  limit?: number;
  cursor?: string;
}): Promise<{ transactions: WalletTransaction[]; nextCursor: string | null; window: HistoryWindow }> {
  const limit = options.limit ?? 20;
  const client = await db();
  const where = { account: { type: "user", owner: userOwner(options.userId) } };
  let anchorAt: Date | null = null;
  if (options.cursor) {
    const anchor = await client.ledgerEntry.findFirst({ where: { id: options.cursor, ...where }, select: { id: true, createdAt: true } });
    if (!anchor) throw new AppError("VALIDATION_ERROR", "Invalid cursor.", { details: { field: "cursor" } });
    anchorAt = anchor.createdAt;
  }
  const rows = await client.ledgerEntry.findMany({
    where,
    include: { transaction: true, account: { select: { currency: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, limit);
  // Payments are postings keyed by their order (payOrder); one query finds their transfer ids.
  const orderIdOf = (row: (typeof page)[number]) => orderIdOfPostingKey(row.transaction.idempotencyKey);
  const orderIds = page.map(orderIdOf).filter((id): id is string => id !== null);
  const orders = orderIds.length
    ? await client.paymentOrder.findMany({ where: { id: { in: orderIds }, payerUserId: options.userId }, select: { id: true, txid: true } })
    : [];
  const txidByOrder = new Map(orders.map((o) => [o.id, o.txid]));
  const requestOf = await paymentRequestsOf(page.map((row) => row.transaction));
  return {
    transactions: page.map((row) => {
      const request = requestOf(row.transaction);
      const orderTxid = txidOf(orderIdOf(row), txidByOrder).txid;
      return {
        id: row.id,
        kind: row.transaction.kind,
        // A transfer between users reads from this side: "Sent to @bob" or "Received from @ada".
        description:
          request?.description ?? describeTransferForSide({ ...row.transaction, isOutgoing: row.amount < 0n }) ?? row.transaction.description,
        label: request?.label ?? labelOf({ ...row.transaction, isOutgoing: row.amount < 0n }),
        receiptId: orderTxid ?? request?.txid ?? row.transaction.id,
        amount: formatAmount(row.amount, row.account.currency),
        currency: row.account.currency,
        balanceAfter: formatAmount(row.balanceAfter, row.account.currency),
        createdAt: row.createdAt.toISOString(),
        ...txidOf(orderIdOf(row), txidByOrder),
        ...(request ? { paymentRequestId: request.requestId } : {}),
      };
    }),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
    window: { before: anchorAt, after: rows.length > limit ? (page[page.length - 1]?.createdAt ?? null) : null },
  };
}

function txidOf(orderId: string | null, txidByOrder: Map<string, string | null>): { txid?: string } {
  const txid = orderId ? txidByOrder.get(orderId) : undefined;
  return txid ? { txid } : {};
}

/**
 * Postings of payment requests (kinds `payment_request…`) carry a movement's txid in their idempotency key
 * (`payment_request:{txid}`, `payment_request_release:{txid}`, `payment_request_refund:{txid}`, …): the
 * movement names the request and its merchant, so the history links each to the request's page and says
 * whose refund or release it was. The entries are the caller's own, so their requests are theirs to see.
 */
async function paymentRequestsOf(transactions: Array<{ kind: string; idempotencyKey: string | null }>) {
  const txidOf = (t: { kind: string; idempotencyKey: string | null }) =>
    t.kind.startsWith("payment_request") ? (/^payment_request[a-z_]*:(.+)$/.exec(t.idempotencyKey ?? "")?.[1] ?? null) : null;
  const txids = [...new Set(transactions.map(txidOf).filter((txid): txid is string => txid !== null))];
  const client = await db();
  const movements = txids.length
    ? await client.paymentRequestMovement.findMany({
        where: { txid: { in: txids } },
        select: { txid: true, state: true, requestId: true, request: { select: { merchant: { select: { name: true } } } } },
      })
    : [];
  const byTxid = new Map(movements.map((m) => [m.txid, m]));
  return (transaction: { kind: string; idempotencyKey: string | null; description: string }) => {
    const txid = txidOf(transaction);
    const movement = txid ? byTxid.get(txid) : undefined;
    if (!movement) return null;
    const merchant = movement.request.merchant.name;
    return {
      requestId: movement.requestId,
      txid: movement.txid,
      description: describePosting(transaction.kind, merchant, movement.state) ?? transaction.description,
      label: labelPosting(transaction.kind, merchant, movement.state) ?? ({ key: "other", text: transaction.description } as EntryLabel),
    };
  };
}

function labelPosting(kind: string, merchant: string, state: string): EntryLabel | null {
  switch (kind) {
    case "payment_request":
    case "payment_request_capture":
      return { key: "paymentTo", merchant };
    case "payment_request_hold":
      return { key: state === "captured" ? "paymentConfirmed" : state === "released" ? "reservedReleased" : "reservedFor", merchant };
    case "payment_request_release":
      return { key: "reservationReleased", merchant };
    case "payment_request_refund":
      return { key: "refundFrom", merchant };
    default:
      return null;
  }
}

/** The label of a posting that is not a payment request's. */
function labelOf(transaction: { kind: string; description: string; isOutgoing: boolean }): EntryLabel {
  const transfer = transaction.kind === USER_TRANSFER_KIND ? parseTransferDescription(transaction.description) : null;
  if (transfer) {
    return transaction.isOutgoing
      ? { key: "sentTo", handle: transfer.to, ...(transfer.memo ? { memo: transfer.memo } : {}) }
      : { key: "receivedFrom", handle: transfer.from, ...(transfer.memo ? { memo: transfer.memo } : {}) };
  }
  switch (transaction.kind) {
    case "topup":
      return transaction.description === "Top-up" ? { key: "topup" } : { key: "other", text: transaction.description };
    case "payment":
    case "settlement_out": {
      // payOrder writes "Payment to <merchant>" (lib/orders and lib/settlement); keep other words as they are.
      const merchant = /^Payment to (.+)$/s.exec(transaction.description)?.[1];
      return merchant ? { key: "paymentTo", merchant } : { key: "other", text: transaction.description };
    }
    case "payout": {
      const merchant = /^Payout from (.+) \(@[a-z0-9_]+\)$/s.exec(transaction.description)?.[1];
      return merchant ? { key: "payoutFrom", merchant } : { key: "other", text: transaction.description };
    }
    case "settlement_reversal":
      return { key: "returned" };
    default:
      return { key: "other", text: transaction.description };
  }
}

/** What a payment request's posting reads as in the payer's history; null keeps the posting's own words. */
function describePosting(kind: string, merchant: string, state: string): string | null {
  switch (kind) {
    case "payment_request":
    case "payment_request_capture":
      return `Payment to ${merchant}`;
    case "payment_request_hold":
      return state === "captured" ? `Payment to ${merchant} (confirmed by the merchant)` : state === "released" ? `Reserved for ${merchant} (released)` : `Reserved for ${merchant}`;
    case "payment_request_release":
      return `Reservation for ${merchant} released`;
    case "payment_request_refund":
      return `Refund from ${merchant}`;
    default:
      return null;
  }
}
