import { db, databaseEngine, type Tx } from "@/lib/db";

/** Attempts of one transaction on PostgreSQL before a serialization failure is given up on. */
const MAX_ATTEMPTS = 25;

/**
 * Runs `fn` in the caller's transaction when one is given, otherwise in a new one.
 * Domain functions that move money take an optional `tx` so several of them commit or fail together.
 *
 * Isolation is the same on both engines: serializable, so a read-then-write (a balance check, "is this
 * session still open?") can never interleave with another one. SQLite gets it from its single writer
 * (BEGIN IMMEDIATE, lib/db/sqlite/connection.ts). PostgreSQL runs SERIALIZABLE and aborts one of two
 * conflicting transactions (40001) or a deadlock victim (40P01); the whole of `fn` is then run again, so
 * `fn` must do nothing outside the database that cannot be repeated (it gets a fresh `tx` each time).
 */
export async function inTransaction<T>(tx: Tx | undefined, fn: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  if (tx) return fn(tx);
  const queued = options.isolation === "queued";
  const client = await db();
  if (databaseEngine() === "sqlite") {
    // SQLite has one writer: queued transactions wait rather than fail under load.
    return client.$transaction(fn, { maxWait: 20_000, timeout: 20_000 });
  }
  for (let attempt = 1; ; attempt++) {
    try {
      // The generated type is SQLite's (Serializable only); PostgreSQL's client takes ReadCommitted too.
      const isolationLevel = (queued ? "ReadCommitted" : "Serializable") as "Serializable";
      return await client.$transaction(fn, { isolationLevel, maxWait: 20_000, timeout: 20_000 });
    } catch (error) {
      const retry = isSerializationFailure(error) || (queued && attempt < QUEUED_UNIQUE_ATTEMPTS && isUniqueViolation(error));
      if (attempt >= MAX_ATTEMPTS || !retry) throw error;
      // Jittered, growing pause so the transactions that collided do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 5 * 2 ** attempt)));
    }
  }
}

/**
 * `isolation: "queued"` is for hot paths whose every decision is a guarded write (a balance that may not go
 * below its floor, a status compared with the one read, a unique key): on PostgreSQL they run at READ
 * COMMITTED, so concurrent transactions on one row (a till's merchant balance, a payer's balance) wait for
 * each other's row lock and then re-check their guard, instead of aborting as SERIALIZABLE does whenever two
 * of them update one row. A unique key two of them create at once (a ledger account made on first use, an
 * Idempotency-Key) fails the later one, which then runs again and finds the row. SQLite is unchanged: one
 * writer at a time. A function may only ask for it when no decision rests on a read that no write guards.
 */
export type TransactionOptions = { isolation?: "serializable" | "queued" };

/** Attempts of a queued transaction refused by a unique key another transaction just committed. */
const QUEUED_UNIQUE_ATTEMPTS = 4;

/** A unique key taken by a concurrent transaction (Prisma P2002, PostgreSQL 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return someCause(error, (e) => e.code === "P2002" || e.code === "23505" || e.originalCode === "23505" || e.kind === "UniqueConstraintViolation");
}

/** PostgreSQL's "try again" answers, in the shapes Prisma and node-postgres give them. */
export function isSerializationFailure(error: unknown): boolean {
  return someCause(error, (e) => {
    if (e.code === "P2034" || e.code === "40001" || e.code === "40P01") return true;
    if (e.meta?.code === "40001" || e.meta?.code === "40P01") return true;
    // Prisma's driver adapter error, e.g. a COMMIT refused with 40001: cause {kind: "TransactionWriteConflict", originalCode}.
    if (e.originalCode === "40001" || e.originalCode === "40P01" || e.kind === "TransactionWriteConflict") return true;
    return typeof e.message === "string" && /could not serialize access|deadlock detected|write conflict/i.test(e.message);
  });
}

type ErrorShape = { code?: unknown; originalCode?: unknown; kind?: unknown; message?: unknown; meta?: { code?: unknown }; cause?: unknown };

/** Whether `error` or anything in its `cause` chain matches (Prisma wraps the driver's error in causes). */
function someCause(error: unknown, matches: (e: ErrorShape) => boolean): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    if (matches(current as ErrorShape)) return true;
    current = (current as ErrorShape).cause;
  }
  return false;
}
