/**
 * The hot paths on PostgreSQL: raw node-postgres statements on the shared pool (Prisma's interactive
 * transaction costs ~4 ms of CPU here; these cost a fraction of that). Times go in as ISO strings and come
 * back through the UTC parser of lib/db/postgres/client.ts, because the columns are timestamps without
 * time zone holding UTC (Prisma's convention).
 *
 * Every round trip costs CPU on both sides (node-postgres encodes and parses, a backend wakes up), and on a
 * small machine the app, the database and the load share the same cores: the order intake is two
 * statements, not a BEGIN … COMMIT of six (README "Performance"):
 *  1. READ_SESSION reads the session and whether the order was paid (no lock, no transaction);
 *  2. the caller decides (signatures, expiry, …) in plain code;
 *  3. RECORD_ORDER is one statement, so one atomic transaction: it records the nonce and — only when the
 *     nonce was new — consumes the session with a guarded update (still pending, not expired) and — only
 *     when that update won — writes the order.
 * Concurrency under READ COMMITTED: the nonce's primary key makes a replay wait for the original and then
 * insert nothing (and then nothing else happens); of two intakes racing on one session the guarded update
 * lets one win (the loser's update re-checks the row once the winner committed, sees it used, and changes
 * nothing); a loser's nonce stays recorded, and its session is read again so `decide` refuses it on what
 * the session is now. Statements are named, so each connection parses and plans them once.
 */
import type { ClaimedDelivery, HotPaths, IntakeInput, IntakeOutcome, IntakeSession, NewSessionOrder } from "@/lib/db/hot-paths";
import type { PostgresHandle } from "@/lib/db/postgres/client";

const INSERT_NONCE = {
  name: "hot_insert_nonce",
  text: `INSERT INTO "RequestNonce" ("ocid", "nonce", "createdAt") VALUES ($1, $2, $3) ON CONFLICT ("ocid", "nonce") DO NOTHING`,
};
const FIND_NONCE = { name: "hot_find_nonce", text: `SELECT 1 FROM "RequestNonce" WHERE "ocid" = $1 AND "nonce" = $2` };
const READ_SESSION = {
  name: "hot_read_session",
  text: `SELECT s."status", s."expiresAt", EXISTS (SELECT 1 FROM "PaymentOrder" o WHERE o."paidKey" = $1) AS "paid"
  FROM "PaySession" s WHERE s."id" = $2`,
};
// $1 ocid, $2 nonce, $3 now (the request's: nonce time, expiry check), $4 session id, $5 written at,
// $6… the order. The CTEs run as one statement; each step runs only when the one before it did.
const RECORD_ORDER = {
  name: "hot_record_order",
  text: `WITH nonce AS (
    INSERT INTO "RequestNonce" ("ocid", "nonce", "createdAt") VALUES ($1, $2, $3) ON CONFLICT ("ocid", "nonce") DO NOTHING RETURNING 1
  ), consumed AS (
    UPDATE "PaySession" SET "status" = 'order_received', "orderId" = $6, "updatedAt" = $5
    WHERE "id" = $4 AND "status" = 'pending' AND "expiresAt" > $3 AND EXISTS (SELECT 1 FROM nonce)
    RETURNING 1
  ), ordered AS (
    INSERT INTO "PaymentOrder" ("id", "source", "merchantOcid", "merchantName", "merchantIcon", "merchantOrderId",
        "orderJson", "signature", "amount", "currency", "amountMinor", "memo", "expiresAt", "urlsJson", "senderOcid",
        "status", "createdAt", "updatedAt")
    SELECT $6::text, 'pay_session', $7::integer, $8::text, $9::text, $10::text, $11::text, $12::text, $13::text, $14::text,
        $15::bigint, $16::text, $17::timestamp(3), $18::text, $19::integer, 'pending', $5::timestamp(3), $5::timestamp(3)
    WHERE EXISTS (SELECT 1 FROM consumed)
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM nonce) AS "nonceRecorded", EXISTS (SELECT 1 FROM ordered) AS "recorded"`,
};
const CLAIM_DELIVERIES = `UPDATE "Delivery" d SET "lockedUntil" = $1, "leaseToken" = $2
  FROM (SELECT "id" FROM "Delivery" WHERE "status" = 'pending' AND "nextAttemptAt" <= $3
          AND ("lockedUntil" IS NULL OR "lockedUntil" < $3)
        ORDER BY "nextAttemptAt", "id" LIMIT $4 FOR UPDATE SKIP LOCKED) due
  WHERE d."id" = due."id"
  RETURNING d."id", d."kind", d."targetOcid", d."path", d."url", d."body", d."attempts", d."createdAt", d."redeliveredAt"`;

const iso = (date: Date) => date.toISOString();

type SessionRow = { status: string; expiresAt: Date; paid: boolean };

export function postgresHotPaths(handle: PostgresHandle): HotPaths {
  const { pool } = handle;

  async function readSession(paidKey: string, sessionId: string): Promise<IntakeSession | null> {
    const row = (await pool.query<SessionRow>({ ...READ_SESSION, values: [paidKey, sessionId] })).rows[0];
    return row ? { status: row.status, expiresAt: row.expiresAt, isOrderPaid: row.paid } : null;
  }

  async function recordOrder(input: IntakeInput<unknown>, order: NewSessionOrder) {
    const values = [
      input.ocid, input.nonce, iso(input.now), input.sessionId, iso(new Date()),
      order.id, order.merchantOcid, order.merchantName, order.merchantIcon, order.merchantOrderId, order.orderJson,
      order.signature, order.amount, order.currency, order.amountMinor.toString(), order.memo,
      order.expiresAt ? iso(order.expiresAt) : null, order.urlsJson, order.senderOcid,
    ];
    return (await pool.query<{ nonceRecorded: boolean; recorded: boolean }>({ ...RECORD_ORDER, values })).rows[0]!;
  }

  /** `decide`'s refusal: record the nonce (spent even so), unless it was seen before. */
  async function refuse<E>(input: IntakeInput<E>, error: E): Promise<IntakeOutcome<E>> {
    const recorded = await pool.query({ ...INSERT_NONCE, values: [input.ocid, input.nonce, iso(input.now)] });
    return recorded.rowCount === 1 ? { status: "refused", error } : { status: "nonce_reused" };
  }

  return {
    async recordNonce(ocid, nonce, now) {
      const result = await pool.query({ ...INSERT_NONCE, values: [ocid, nonce, iso(now)] });
      return result.rowCount === 1;
    },
    async isNonceUsed(ocid, nonce) {
      const result = await pool.query({ ...FIND_NONCE, values: [ocid, nonce] });
      return (result.rowCount ?? 0) > 0;
    },
    async receiveSessionOrder<E>(input: IntakeInput<E>): Promise<IntakeOutcome<E>> {
      const decide = (session: IntakeSession | null): { order: NewSessionOrder } | { refusal: E } => {
        try {
          return { order: input.decide(session) };
        } catch (error) {
          if (input.isRefusal(error)) return { refusal: error };
          throw error; // nothing was written
        }
      };
      const decided = decide(await readSession(input.paidKey, input.sessionId));
      if ("refusal" in decided) return refuse(input, decided.refusal);
      const { nonceRecorded, recorded } = await recordOrder(input, decided.order);
      if (!nonceRecorded) return { status: "nonce_reused" };
      if (recorded) return { status: "recorded", order: decided.order };
      // Another intake consumed the session between the read and the write (a session never returns to
      // pending, and its expiry was checked at the same `now`): decided again on what it is now, it is refused.
      const again = decide(await readSession(input.paidKey, input.sessionId));
      if ("refusal" in again) return { status: "refused", error: again.refusal };
      throw new Error(`Pay session ${input.sessionId} was not consumed by its intake, yet still reads as open`);
    },
    async claimDueDeliveries({ now, limit, leaseToken, lockedUntil }) {
      const result = await pool.query<ClaimedDelivery>(CLAIM_DELIVERIES, [iso(lockedUntil), leaseToken, iso(now), limit]);
      return result.rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    },
  };
}
