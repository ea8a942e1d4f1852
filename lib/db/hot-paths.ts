/**
 * The statements that bypass Prisma because they run on every request of a hot path (README
 * "Performance"): one contract, one implementation per engine (lib/db/sqlite/hot-paths.ts,
 * lib/db/postgres/hot-paths.ts). Callers keep the decisions (checks, signatures) in plain synchronous
 * code they pass in, so no business rule is written twice.
 */
import { openEngine } from "@/lib/db";
import { postgresHotPaths } from "@/lib/db/postgres/hot-paths";
import { sqliteHotPaths } from "@/lib/db/sqlite/hot-paths";

/** A pay session as the order intake sees it. */
export type IntakeSession = { status: string; expiresAt: Date; isOrderPaid: boolean };

/** The PaymentOrder row the intake writes (source "pay_session", status "pending"). */
export type NewSessionOrder = {
  id: string;
  merchantOcid: number;
  merchantName: string;
  merchantIcon: string | null;
  merchantOrderId: string;
  orderJson: string;
  signature: string;
  amount: string;
  currency: string;
  amountMinor: bigint;
  memo: string | null;
  expiresAt: Date | null;
  urlsJson: string;
  senderOcid: number;
};

export type IntakeOutcome<E> = { status: "recorded"; order: NewSessionOrder } | { status: "nonce_reused" } | { status: "refused"; error: E };

export type HotPaths = {
  /** Records a verified request's nonce; false when (ocid, nonce) was seen before. */
  recordNonce(ocid: number, nonce: string, now: Date): Promise<boolean>;
  isNonceUsed(ocid: number, nonce: string): Promise<boolean>;
  /**
   * The QR flow's order intake in one transaction: records the nonce (a replay → "nonce_reused", nothing
   * else happens), reads the session (and whether `paidKey` was paid), calls `decide` — which throws to
   * refuse (`isRefusal(error)`: the nonce still commits and the error comes back as "refused"; any other
   * error rolls everything back and is rethrown) or returns the order — then writes the order and moves the
   * session to order_received, guarded so two intakes can never both consume it.
   */
  receiveSessionOrder<E>(input: IntakeInput<E>): Promise<IntakeOutcome<E>>;
  /**
   * Claims up to `limit` due outbox deliveries (pending, due by `now`, lease free or expired) for one worker,
   * oldest due first, and returns them as claimed — in one statement, so the row a worker sends is the row
   * it leased. PostgreSQL skips rows another worker is claiming at that moment (FOR UPDATE SKIP LOCKED)
   * instead of queueing behind it; on SQLite the one writer serialises claims.
   */
  claimDueDeliveries(input: { now: Date; limit: number; leaseToken: string; lockedUntil: Date }): Promise<ClaimedDelivery[]>;
};

/** An outbox row as a delivery round needs it. */
export type ClaimedDelivery = {
  id: string;
  kind: string;
  /** The counterparty of a proof; null for a callback, which goes to `url`. */
  targetOcid: number | null;
  path: string;
  url: string | null;
  body: string;
  attempts: number;
  createdAt: Date;
  redeliveredAt: Date | null;
};

export type IntakeInput<E> = {
  ocid: number;
  nonce: string;
  sessionId: string;
  paidKey: string;
  now: Date;
  decide: (session: IntakeSession | null) => NewSessionOrder;
  isRefusal: (error: unknown) => error is E;
};

// Built once per open connection, not on every request of the hot path. Per module copy (server/direct-routes.ts
// loads this twice): each copy caches its own object over the same shared connection, which is harmless.
const built = new WeakMap<object, HotPaths>();

export async function hotPaths(): Promise<HotPaths> {
  const opened = await openEngine();
  let paths = built.get(opened);
  if (!paths) {
    paths = opened.engine === "sqlite" ? sqliteHotPaths(opened.sqlite) : postgresHotPaths(opened.postgres);
    built.set(opened, paths);
  }
  return paths;
}
