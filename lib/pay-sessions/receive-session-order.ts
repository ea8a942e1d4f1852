/**
 * POST /opencharge/orders/create/{sessionId}: a merchant who scanned the user's QR posts a signed
 * order. Checks in the order of reference §7.4; the session is consumed atomically with the order's
 * creation (guarded update), so of merchants racing on one session exactly one wins.
 */
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getGatewayIdentity } from "@/lib/opencharge/identity";
import type { Counterparty } from "@/lib/opencharge/resolver";
import type { Order } from "@/lib/orders/order-schema";
import { verifyMerchantOrder } from "@/lib/orders/receive-order";

export async function receiveSessionOrder(options: {
  sessionId: string;
  merchant: Counterparty;
  rawOrder: unknown;
  order: Order;
  signature: string;
  urls: Record<string, unknown>;
  now?: Date;
}): Promise<{ urls: { status: string } }> {
  const now = options.now ?? new Date();
  const client = await db();
  const merchantOcid = options.merchant.ocid;
  const paidKey = `${merchantOcid}:${options.order.id}`;
  // The hot path of the QR flow (every scan): one raw read for the session and the already-paid check;
  // Prisma model reads cost about four times as much (README "Performance").
  const [row] = await client.$queryRaw<{ status: string; expiresAt: Date | string; paid: number | null }[]>`
    SELECT s."status", s."expiresAt", (SELECT 1 FROM "PaymentOrder" o WHERE o."paidKey" = ${paidKey}) AS "paid"
    FROM "PaySession" s WHERE s."id" = ${options.sessionId}`;
  assertSessionOpen(row ? { status: row.status, expiresAt: new Date(row.expiresAt) } : null, now);

  const verified = verifyMerchantOrder({ rawOrder: options.rawOrder, order: options.order, signature: options.signature, merchant: options.merchant, now });
  if (row?.paid) throw new AppError("ORDER_ALREADY_PAID", `Order ${verified.merchantOrderId} has already been paid.`);

  // One batch transaction: the order and the guarded consumption of the session commit together.
  // Raw statements, because this runs on every scan and Prisma's model writes cost ~3x as much here.
  const orderId = createId();
  const at = new Date();
  const [, consumedCount] = await client.$transaction([
    client.$executeRaw`
      INSERT INTO "PaymentOrder" ("id", "source", "merchantOcid", "merchantName", "merchantIcon", "merchantOrderId",
        "orderJson", "signature", "amount", "currency", "amountMinor", "memo", "expiresAt", "urlsJson", "senderOcid",
        "status", "createdAt", "updatedAt")
      VALUES (${orderId}, 'pay_session', ${merchantOcid}, ${verified.merchantName}, ${verified.merchantIcon},
        ${verified.merchantOrderId}, ${verified.orderJson}, ${verified.signature}, ${verified.amount}, ${verified.currency},
        ${verified.amountMinor}, ${verified.memo}, ${verified.expiresAt}, ${JSON.stringify(options.urls)}, ${merchantOcid},
        'pending', ${at}, ${at})`,
    client.$executeRaw`
      UPDATE "PaySession" SET "status" = 'order_received', "orderId" = ${orderId}, "updatedAt" = ${at}
      WHERE "id" = ${options.sessionId} AND "status" = 'pending' AND "expiresAt" > ${now}`,
  ]);
  if (consumedCount !== 1) {
    // Another merchant won the race (or the session expired meanwhile): this order never became payable.
    await client.paymentOrder.delete({ where: { id: orderId } });
    assertSessionOpen(await client.paySession.findUnique({ where: { id: options.sessionId } }), now);
    throw new AppError("SESSION_USED", "This pay session has already been used.");
  }
  return { urls: { status: `${getGatewayIdentity().endpoint}/orders/${encodeURIComponent(verified.merchantOrderId)}/status` } };
}

const createId = () => randomBytes(12).toString("hex");

function assertSessionOpen(session: { status: string; expiresAt: Date } | null, now: Date): void {
  if (!session) throw new AppError("SESSION_NOT_FOUND", "No such pay session.");
  if (session.status !== "pending") throw new AppError("SESSION_USED", "This pay session has already been used.");
  if (session.expiresAt.getTime() <= now.getTime()) throw new AppError("SESSION_EXPIRED", "This pay session has expired.");
}
