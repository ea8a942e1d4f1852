/**
 * POST /opencharge/orders/create/{sessionId}: a merchant who scanned the user's QR posts a signed
 * order. Checks in the order of reference §7.4; the session is consumed atomically with the order's
 * creation (guarded update), so of merchants racing on one session exactly one wins.
 *
 * The hot path of the QR flow (every scan): one synchronous transaction on the app's SQLite connection
 * records the request's nonce, reads the session, runs the checks and writes the order — one commit,
 * prepared statements, no Prisma round trips (README "Performance"). A refused order still commits the
 * nonce, so the same request cannot be replayed.
 */
import { randomBytes } from "node:crypto";
import { runSqliteTransaction, sqliteDate } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getGatewayIdentity } from "@/lib/opencharge/identity";
import { recordNonceIn } from "@/lib/opencharge/request-auth";
import type { Counterparty } from "@/lib/opencharge/resolver";
import type { Order } from "@/lib/orders/order-schema";
import { paidKeyOf } from "@/lib/orders/payment-posting-key";
import { verifyMerchantOrder } from "@/lib/orders/receive-order";

const READ_SESSION = `SELECT s."status", s."expiresAt", (SELECT 1 FROM "PaymentOrder" o WHERE o."paidKey" = ?) AS "paid"
  FROM "PaySession" s WHERE s."id" = ?`;
const INSERT_ORDER = `INSERT INTO "PaymentOrder" ("id", "source", "merchantOcid", "merchantName", "merchantIcon", "merchantOrderId",
    "orderJson", "signature", "amount", "currency", "amountMinor", "memo", "expiresAt", "urlsJson", "senderOcid",
    "status", "createdAt", "updatedAt")
  VALUES (?, 'pay_session', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`;
const CONSUME_SESSION = `UPDATE "PaySession" SET "status" = 'order_received', "orderId" = ?, "updatedAt" = ?
  WHERE "id" = ? AND "status" = 'pending' AND "expiresAt" > ?`;

export async function receiveSessionOrder(options: {
  sessionId: string;
  merchant: Counterparty;
  /** The request's X-OC-Nonce, recorded in this transaction. */
  nonce: string;
  rawOrder: unknown;
  order: Order;
  signature: string;
  urls: Record<string, unknown>;
  now?: Date;
}): Promise<{ urls: { status: string } }> {
  const now = options.now ?? new Date();
  const merchantOcid = options.merchant.ocid;
  const outcome = await runSqliteTransaction((connection) => {
    recordNonceIn(connection, merchantOcid, options.nonce, now);
    try {
      const row = connection.statement(READ_SESSION).get(paidKeyOf(merchantOcid, options.order.id), options.sessionId) as
        | { status: string; expiresAt: string; paid: number | null }
        | undefined;
      assertSessionOpen(row ? { status: row.status, expiresAt: new Date(row.expiresAt) } : null, now);
      const verified = verifyMerchantOrder({ rawOrder: options.rawOrder, order: options.order, signature: options.signature, merchant: options.merchant, now });
      if (row?.paid) throw new AppError("ORDER_ALREADY_PAID", `Order ${verified.merchantOrderId} has already been paid.`);

      const orderId = createId();
      const at = sqliteDate(new Date());
      connection.statement(INSERT_ORDER).run(
        orderId, merchantOcid, verified.merchantName, verified.merchantIcon, verified.merchantOrderId, verified.orderJson,
        verified.signature, verified.amount, verified.currency, verified.amountMinor, verified.memo, sqliteDate(verified.expiresAt),
        JSON.stringify(options.urls), merchantOcid, at, at,
      );
      // Guarded, although the row was just read as pending in this same transaction: a second writer can't interleave.
      if (connection.statement(CONSUME_SESSION).run(orderId, at, options.sessionId, sqliteDate(now)).changes !== 1) {
        throw new Error(`Pay session ${options.sessionId} changed inside its own transaction`);
      }
      return { merchantOrderId: verified.merchantOrderId };
    } catch (error) {
      if (error instanceof AppError) return { refused: error }; // commit: the nonce stays spent
      throw error;
    }
  });
  if ("refused" in outcome) throw outcome.refused;
  return { urls: { status: `${getGatewayIdentity().endpoint}/orders/${encodeURIComponent(outcome.merchantOrderId)}/status` } };
}

const createId = () => randomBytes(12).toString("hex");

function assertSessionOpen(session: { status: string; expiresAt: Date } | null, now: Date): void {
  if (!session) throw new AppError("SESSION_NOT_FOUND", "No such pay session.");
  if (session.status !== "pending") throw new AppError("SESSION_USED", "This pay session has already been used.");
  if (session.expiresAt.getTime() <= now.getTime()) throw new AppError("SESSION_EXPIRED", "This pay session has expired.");
}
