import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatAmount } from "@/lib/money";

export type PostingLeg = { accountId: string; amount: bigint };

export type PostTransactionOptions = {
  kind: string;
  description: string;
  /** Makes the posting happen at most once; a second posting with the same key is refused (CONFLICT). */
  idempotencyKey?: string;
  legs: PostingLeg[];
};

/**
 * Writes one balanced double-entry posting inside the caller's transaction.
 * Each leg changes its account's cached balance with a guarded update, so an account that may not go
 * negative is never overdrawn, even by concurrent postings.
 */
export async function postTransaction(tx: Tx, options: PostTransactionOptions) {
  const { legs } = options;
  if (legs.length < 2) throw new Error("A posting needs at least two legs");
  if (legs.some((leg) => leg.amount === 0n)) throw new Error("A posting leg cannot be zero");

  const accounts = await tx.ledgerAccount.findMany({ where: { id: { in: legs.map((l) => l.accountId) } } });
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const sums = new Map<string, bigint>();
  for (const leg of legs) {
    const account = byId.get(leg.accountId);
    if (!account) throw new Error(`Ledger account ${leg.accountId} does not exist`);
    sums.set(account.currency, (sums.get(account.currency) ?? 0n) + leg.amount);
  }
  for (const [currency, sum] of sums) {
    if (sum !== 0n) throw new Error(`Unbalanced posting: ${currency} legs sum to ${sum}`);
  }

  if (options.idempotencyKey) {
    const existing = await tx.ledgerTransaction.findUnique({ where: { idempotencyKey: options.idempotencyKey } });
    if (existing) throw new AppError("CONFLICT", "This movement has already been recorded.");
  }
  const transaction = await tx.ledgerTransaction.create({
    data: { kind: options.kind, description: options.description, idempotencyKey: options.idempotencyKey },
  });

  // Debits first: an overdraft is detected before any credit is written (the transaction rolls back anyway).
  const ordered = [...legs].sort((a, b) => (a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0));
  for (const leg of ordered) {
    const account = byId.get(leg.accountId)!;
    // An account with a credit limit (a partner's reserve) may go that far below zero and no further.
    const floor = account.creditLimit !== null ? -account.creditLimit : account.allowNegative ? null : 0n;
    const guard = leg.amount < 0n && floor !== null ? { balance: { gte: floor - leg.amount } } : {};
    const updated = await tx.ledgerAccount.updateMany({
      where: { id: account.id, ...guard },
      data: { balance: { increment: leg.amount } },
    });
    if (updated.count !== 1) {
      const current = await tx.ledgerAccount.findUniqueOrThrow({ where: { id: account.id } });
      const missing = -leg.amount - current.balance + (floor ?? 0n);
      throw new AppError(
        "INSUFFICIENT_FUNDS",
        `Insufficient funds: ${formatAmount(missing, account.currency)} ${account.currency} more is needed.`,
        {
          details: {
            currency: account.currency,
            balance: formatAmount(current.balance, account.currency),
            required: formatAmount(-leg.amount, account.currency),
            missing: formatAmount(missing, account.currency),
          },
        },
      );
    }
    const after = await tx.ledgerAccount.findUniqueOrThrow({ where: { id: account.id }, select: { balance: true } });
    await tx.ledgerEntry.create({
      data: { transactionId: transaction.id, accountId: account.id, amount: leg.amount, balanceAfter: after.balance },
    });
  }
  return transaction;
}
