import { db } from "@/lib/db";

export type LedgerProblem =
  | { kind: "unbalanced_posting"; transactionId: string; currency: string; sum: string }
  | { kind: "balance_mismatch"; accountId: string; cached: string; entries: string }
  | { kind: "negative_balance"; accountId: string; balance: string }
  | { kind: "empty_posting"; transactionId: string }
  /** A payment request's hold account disagrees with what its reservations say is held. */
  | { kind: "hold_mismatch"; accountId: string; requestId: string | null; balance: string; heldMovements: string; requestHeld: string };

/**
 * Audits the whole ledger: every posting sums to zero per currency, every cached balance equals the
 * sum of its entries, and no account that may not go negative is negative. Holds too: every payment
 * request's hold account holds exactly what its reservations (payment movements still "held") and the
 * request's amountHeld say — zero once captured or released.
 */
export async function checkLedger(): Promise<{ postings: number; accounts: number; problems: LedgerProblem[] }> {
  const client = await db();
  const problems: LedgerProblem[] = [];

  // SUM() over BigInt columns is exact (SQLite: 64-bit integers; PostgreSQL: numeric); CAST keeps it text
  // for the driver. Quoted identifiers: PostgreSQL folds unquoted ones to lower case.
  const unbalanced = await client.$queryRawUnsafe<{ transactionId: string; currency: string; total: string }[]>(`
    SELECT e."transactionId" AS "transactionId", a."currency" AS "currency", CAST(SUM(e."amount") AS TEXT) AS "total"
    FROM "LedgerEntry" e JOIN "LedgerAccount" a ON a."id" = e."accountId"
    GROUP BY e."transactionId", a."currency" HAVING SUM(e."amount") <> 0`);
  for (const row of unbalanced) {
    problems.push({ kind: "unbalanced_posting", transactionId: row.transactionId, currency: row.currency, sum: row.total });
  }

  const empty = await client.$queryRawUnsafe<{ id: string }[]>(`
    SELECT t."id" AS "id" FROM "LedgerTransaction" t
    WHERE (SELECT COUNT(*) FROM "LedgerEntry" e WHERE e."transactionId" = t."id") < 2`);
  for (const row of empty) problems.push({ kind: "empty_posting", transactionId: row.id });

  const mismatched = await client.$queryRawUnsafe<{ id: string; cached: string; entries: string }[]>(`
    SELECT a."id" AS "id", CAST(a."balance" AS TEXT) AS "cached",
           CAST(COALESCE((SELECT SUM(e."amount") FROM "LedgerEntry" e WHERE e."accountId" = a."id"), 0) AS TEXT) AS "entries"
    FROM "LedgerAccount" a
    WHERE a."balance" <> COALESCE((SELECT SUM(e."amount") FROM "LedgerEntry" e WHERE e."accountId" = a."id"), 0)`);
  for (const row of mismatched) {
    problems.push({ kind: "balance_mismatch", accountId: row.id, cached: row.cached, entries: row.entries });
  }

  const negative = await client.ledgerAccount.findMany({ where: { allowNegative: false, balance: { lt: 0n } } });
  for (const account of negative) {
    // A partner's reserve may use its credit limit, and no more.
    if (account.creditLimit !== null && account.balance >= -account.creditLimit) continue;
    problems.push({ kind: "negative_balance", accountId: account.id, balance: account.balance.toString() });
  }

  const holds = await client.$queryRawUnsafe<{ id: string; requestId: string | null; balance: string; held: string; requestHeld: string }[]>(`
    SELECT a."id" AS "id", r."id" AS "requestId", CAST(a."balance" AS TEXT) AS "balance",
           CAST(COALESCE((SELECT SUM(m."amountMinor") FROM "PaymentRequestMovement" m
                          WHERE m."requestId" = r."id" AND m."type" = 'payment' AND m."state" = 'held'), 0) AS TEXT) AS "held",
           CAST(COALESCE(r."amountHeldMinor", 0) AS TEXT) AS "requestHeld"
    FROM "LedgerAccount" a LEFT JOIN "PaymentRequest" r ON a."owner" = 'request:' || r."id"
    WHERE a."type" = 'hold'`);
  for (const row of holds) {
    if (row.requestId === null || row.balance !== row.held || row.balance !== row.requestHeld) {
      problems.push({ kind: "hold_mismatch", accountId: row.id, requestId: row.requestId, balance: row.balance, heldMovements: row.held, requestHeld: row.requestHeld });
    }
  }

  const [postings, accounts] = await Promise.all([client.ledgerTransaction.count(), client.ledgerAccount.count()]);
  return { postings, accounts, problems };
}
