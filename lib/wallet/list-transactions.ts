import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { userOwner } from "@/lib/ledger/accounts";
import { formatAmount } from "@/lib/money";
import { orderIdOfPostingKey } from "@/lib/orders/payment-posting-key";
import { describeTransferForSide } from "@/lib/wallet/transfer-description";

export const listTransactionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(100).optional(),
});

export type WalletTransaction = {
  id: string;
  kind: string;
  description: string;
  /** Signed decimal string: negative for money leaving the wallet. */
  amount: string;
  currency: string;
  balanceAfter: string;
  createdAt: string;
  /** For payments: the transfer id of the signed proof, which also names the receipt. */
  txid?: string;
};

/**
 * The user's ledger entries, newest first. `cursor` is the id of the last entry of the previous page;
 * it is only honoured if that entry belongs to the same user.
 */
export async function listTransactions(options: {
  userId: string;
  limit?: number;
  cursor?: string;
}): Promise<{ transactions: WalletTransaction[]; nextCursor: string | null }> {
  const limit = options.limit ?? 20;
  const client = await db();
  const where = { account: { type: "user", owner: userOwner(options.userId) } };
  if (options.cursor) {
    const anchor = await client.ledgerEntry.findFirst({ where: { id: options.cursor, ...where }, select: { id: true } });
    if (!anchor) throw new AppError("VALIDATION_ERROR", "Invalid cursor.", { details: { field: "cursor" } });
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
  return {
    transactions: page.map((row) => ({
      id: row.id,
      kind: row.transaction.kind,
      // A transfer between users reads from this side: "Sent to @bob" or "Received from @ada".
      description: describeTransferForSide({ ...row.transaction, isOutgoing: row.amount < 0n }) ?? row.transaction.description,
      amount: formatAmount(row.amount, row.account.currency),
      currency: row.account.currency,
      balanceAfter: formatAmount(row.balanceAfter, row.account.currency),
      createdAt: row.createdAt.toISOString(),
      ...txidOf(orderIdOf(row), txidByOrder),
    })),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

function txidOf(orderId: string | null, txidByOrder: Map<string, string | null>): { txid?: string } {
  const txid = orderId ? txidByOrder.get(orderId) : undefined;
  return txid ? { txid } : {};
}
