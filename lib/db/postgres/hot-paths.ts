/**
 * The hot paths on PostgreSQL: raw node-postgres statements on the shared pool (Prisma's interactive
 * transaction costs ~4 ms of CPU here; these cost a fraction of that). Times go in as ISO strings and come
 * back through the UTC parser of lib/db/postgres/client.ts, because the columns are timestamps without
 * time zone holding UTC (Prisma's convention).
 *
 * Concurrency under READ COMMITTED: the nonce's primary key makes a replay wait for the original and then
 * insert nothing; the session row is read FOR UPDATE, so two intakes on one session queue and the second
 * sees it used; the consuming UPDATE is guarded as well.
 */
import type pg from "pg";
import type { ClaimedDelivery, HotPaths, IntakeInput, IntakeOutcome } from "@/lib/db/hot-paths";
import type { PostgresHandle } from "@/lib/db/postgres/client";

const INSERT_NONCE = `INSERT INTO "RequestNonce" ("ocid", "nonce", "createdAt") VALUES ($1, $2, $3) ON CONFLICT ("ocid", "nonce") DO NOTHING`;
const FIND_NONCE = `SELECT 1 FROM "RequestNonce" WHERE "ocid" = $1 AND "nonce" = $2`;
const READ_SESSION = `SELECT s."status", s."expiresAt", EXISTS (SELECT 1 FROM "PaymentOrder" o WHERE o."paidKey" = $1) AS "paid"
  FROM "PaySession" s WHERE s."id" = $2 FOR UPDATE OF s`;
const INSERT_ORDER = `INSERT INTO "PaymentOrder" ("id", "source", "merchantOcid", "merchantName", "merchantIcon", "merchantOrderId",
    "orderJson", "signature", "amount", "currency", "amountMinor", "memo", "expiresAt", "urlsJson", "senderOcid",
    "status", "createdAt", "updatedAt")
  VALUES ($1, 'pay_session', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'pending', $15, $15)`;
const CONSUME_SESSION = `UPDATE "PaySession" SET "status" = 'order_received', "orderId" = $1, "updatedAt" = $2
  WHERE "id" = $3 AND "status" = 'pending' AND "expiresAt" > $4`;

const CLAIM_DELIVERIES = `UPDATE "Delivery" d SET "lockedUntil" = $1, "leaseToken" = $2
  FROM (SELECT "id" FROM "Delivery" WHERE "status" = 'pending' AND "nextAttemptAt" <= $3
          AND ("lockedUntil" IS NULL OR "lockedUntil" < $3)
        ORDER BY "nextAttemptAt", "id" LIMIT $4 FOR UPDATE SKIP LOCKED) due
  WHERE d."id" = due."id"
  RETURNING d."id", d."kind", d."targetOcid", d."path", d."body", d."attempts", d."createdAt", d."redeliveredAt"`;

const iso = (date: Date) => date.toISOString();

/** Runs `fn` in one transaction on one pooled connection; rolls back when it throws. */
async function inPgTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<{ commit: boolean; value: T }>): Promise<T> {
  const client = await pool.connect();
  let isBroken = false;
  try {
    await client.query("BEGIN");
    try {
      const { commit, value } = await fn(client);
      await client.query(commit ? "COMMIT" : "ROLLBACK");
      return value;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {
        isBroken = true;
      });
      throw error;
    }
  } catch (error) {
    isBroken ||= isConnectionError(error);
    throw error;
  } finally {
    // A connection whose state is unknown is destroyed, not returned to the pool.
    client.release(isBroken ? true : undefined);
  }
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code !== "string" || code.startsWith("08") || code === "57P01" || /^E[A-Z]+$/.test(code);
}

export function postgresHotPaths(handle: PostgresHandle): HotPaths {
  const { pool } = handle;
  return {
    async recordNonce(ocid, nonce, now) {
      const result = await pool.query(INSERT_NONCE, [ocid, nonce, iso(now)]);
      return result.rowCount === 1;
    },
    async isNonceUsed(ocid, nonce) {
      const result = await pool.query(FIND_NONCE, [ocid, nonce]);
      return (result.rowCount ?? 0) > 0;
    },
    receiveSessionOrder<E>(input: IntakeInput<E>) {
      return inPgTransaction<IntakeOutcome<E>>(pool, async (client) => {
        const nonce = await client.query(INSERT_NONCE, [input.ocid, input.nonce, iso(input.now)]);
        if (nonce.rowCount !== 1) return { commit: false, value: { status: "nonce_reused" } };
        const read = await client.query<{ status: string; expiresAt: Date; paid: boolean }>(READ_SESSION, [input.paidKey, input.sessionId]);
        const row = read.rows[0];
        let order;
        try {
          order = input.decide(row ? { status: row.status, expiresAt: row.expiresAt, isOrderPaid: row.paid } : null);
        } catch (error) {
          if (input.isRefusal(error)) return { commit: true, value: { status: "refused", error } }; // the nonce stays spent
          throw error;
        }
        const at = iso(new Date());
        await client.query(INSERT_ORDER, [
          order.id, order.merchantOcid, order.merchantName, order.merchantIcon, order.merchantOrderId, order.orderJson,
          order.signature, order.amount, order.currency, order.amountMinor.toString(), order.memo,
          order.expiresAt ? iso(order.expiresAt) : null, order.urlsJson, order.senderOcid, at,
        ]);
        const consumed = await client.query(CONSUME_SESSION, [order.id, at, input.sessionId, iso(input.now)]);
        if (consumed.rowCount !== 1) throw new Error(`Pay session ${input.sessionId} changed while locked by its intake`);
        return { commit: true, value: { status: "recorded", order } };
      });
    },
    async claimDueDeliveries({ now, limit, leaseToken, lockedUntil }) {
      const result = await pool.query<ClaimedDelivery>(CLAIM_DELIVERIES, [iso(lockedUntil), leaseToken, iso(now), limit]);
      return result.rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    },
  };
}
