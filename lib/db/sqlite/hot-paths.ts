/**
 * The hot paths on SQLite: synchronous prepared statements on the app's one connection, in group-committed
 * BEGIN IMMEDIATE transactions (lib/db/sqlite/connection.ts). Dates are written as Prisma's adapter writes
 * them (ISO 8601 with "+00:00") so raw and Prisma rows compare.
 */
import type { HotPaths, IntakeInput, IntakeOutcome } from "@/lib/db/hot-paths";
import type { SqliteHandle } from "@/lib/db/sqlite/client";
import { sqliteDate } from "@/lib/db/sqlite/connection";


const INSERT_NONCE = `INSERT INTO "RequestNonce" ("ocid", "nonce", "createdAt") VALUES (?, ?, ?) ON CONFLICT ("ocid", "nonce") DO NOTHING`;
const FIND_NONCE = `SELECT 1 FROM "RequestNonce" WHERE "ocid" = ? AND "nonce" = ?`;
const READ_SESSION = `SELECT s."status", s."expiresAt", (SELECT 1 FROM "PaymentOrder" o WHERE o."paidKey" = ?) AS "paid"
  FROM "PaySession" s WHERE s."id" = ?`;
const INSERT_ORDER = `INSERT INTO "PaymentOrder" ("id", "source", "merchantOcid", "merchantName", "merchantIcon", "merchantOrderId",
    "orderJson", "signature", "amount", "currency", "amountMinor", "memo", "expiresAt", "urlsJson", "senderOcid",
    "status", "createdAt", "updatedAt")
  VALUES (?, 'pay_session', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`;
const CONSUME_SESSION = `UPDATE "PaySession" SET "status" = 'order_received', "orderId" = ?, "updatedAt" = ?
  WHERE "id" = ? AND "status" = 'pending' AND "expiresAt" > ?`;

const CLAIM_DELIVERIES = `UPDATE "Delivery" SET "lockedUntil" = ?, "leaseToken" = ?
  WHERE "id" IN (SELECT "id" FROM "Delivery" WHERE "status" = 'pending' AND "nextAttemptAt" <= ?
                 AND ("lockedUntil" IS NULL OR "lockedUntil" < ?) ORDER BY "nextAttemptAt", "id" LIMIT ?)
  RETURNING "id", "kind", "targetOcid", "path", "url", "body", "attempts", "createdAt", "redeliveredAt"`;

// The adapter's connection reads integers as BigInt (safe integers mode).
type DeliveryRowText = { id: string; kind: string; targetOcid: bigint | number | null; path: string; url: string | null; body: string; attempts: bigint | number; createdAt: string; redeliveredAt: string | null };

export function sqliteHotPaths(handle: SqliteHandle): HotPaths {
  const adapter = handle.adapter();
  return {
    async recordNonce(ocid, nonce, now) {
      return adapter.runSqliteTransaction((c) => c.statement(INSERT_NONCE).run(ocid, nonce, sqliteDate(now)).changes === 1);
    },
    async isNonceUsed(ocid, nonce) {
      return adapter.runSqlite((c) => c.statement(FIND_NONCE).get(ocid, nonce) !== undefined);
    },
    receiveSessionOrder<E>(input: IntakeInput<E>) {
      return adapter.runSqliteTransaction((c): IntakeOutcome<E> => {
        if (c.statement(INSERT_NONCE).run(input.ocid, input.nonce, sqliteDate(input.now)).changes !== 1) return { status: "nonce_reused" };
        try {
          const row = c.statement(READ_SESSION).get(input.paidKey, input.sessionId) as { status: string; expiresAt: string; paid: number | null } | undefined;
          const order = input.decide(row ? { status: row.status, expiresAt: new Date(row.expiresAt), isOrderPaid: Boolean(row.paid) } : null);
          const at = sqliteDate(new Date());
          c.statement(INSERT_ORDER).run(
            order.id, order.merchantOcid, order.merchantName, order.merchantIcon, order.merchantOrderId, order.orderJson,
            order.signature, order.amount, order.currency, order.amountMinor, order.memo, order.expiresAt ? sqliteDate(order.expiresAt) : null,
            order.urlsJson, order.senderOcid, at, at,
          );
          // Guarded, although the row was just read as pending in this same transaction: a second writer can't interleave.
          if (c.statement(CONSUME_SESSION).run(order.id, at, input.sessionId, sqliteDate(input.now)).changes !== 1) {
            throw new Error(`Pay session ${input.sessionId} changed inside its own transaction`);
          }
          return { status: "recorded", order };
        } catch (error) {
          if (input.isRefusal(error)) return { status: "refused", error }; // commit: the nonce stays spent
          throw error;
        }
      });
    },
    claimDueDeliveries({ now, limit, leaseToken, lockedUntil }) {
      return adapter.runSqliteTransaction((c) => {
        const rows = c.statement(CLAIM_DELIVERIES).all(sqliteDate(lockedUntil), leaseToken, sqliteDate(now), sqliteDate(now), limit) as DeliveryRowText[];
        return rows
          .map((row) => ({
            ...row,
            targetOcid: row.targetOcid === null ? null : Number(row.targetOcid),
            attempts: Number(row.attempts),
            createdAt: new Date(row.createdAt),
            redeliveredAt: row.redeliveredAt === null ? null : new Date(row.redeliveredAt),
          }))
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      });
    },
  };
}
