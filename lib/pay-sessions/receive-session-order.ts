/**
 * POST /opencharge/orders/create/{sessionId}: a merchant who scanned the user's QR posts a signed
 * order. Checks in the order of reference §7.4; the session is consumed atomically with the order's
 * creation, so of two merchants racing on one session exactly one wins.
 */
import { db } from "@/lib/db";
import { inTransaction } from "@/lib/db-transaction";
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
  const session = await client.paySession.findUnique({ where: { id: options.sessionId } });
  assertSessionOpen(session, now);

  const verified = verifyMerchantOrder({ rawOrder: options.rawOrder, order: options.order, signature: options.signature, merchant: options.merchant, now });
  const alreadyPaid = await client.paymentOrder.findUnique({ where: { paidKey: `${verified.merchantOcid}:${verified.merchantOrderId}` } });
  if (alreadyPaid) throw new AppError("ORDER_ALREADY_PAID", `Order ${verified.merchantOrderId} has already been paid.`);

  await inTransaction(undefined, async (tx) => {
    const order = await tx.paymentOrder.create({
      data: { ...verified, source: "pay_session", senderOcid: options.merchant.ocid, urlsJson: JSON.stringify(options.urls) },
    });
    const consumed = await tx.paySession.updateMany({
      where: { id: options.sessionId, status: "pending", expiresAt: { gt: now } },
      data: { status: "order_received", orderId: order.id },
    });
    if (consumed.count !== 1) {
      assertSessionOpen(await tx.paySession.findUnique({ where: { id: options.sessionId } }), now);
      throw new AppError("SESSION_USED", "This pay session has already been used.");
    }
  });
  return { urls: { status: `${getGatewayIdentity().endpoint}/orders/${encodeURIComponent(verified.merchantOrderId)}/status` } };
}

function assertSessionOpen(session: { status: string; expiresAt: Date } | null, now: Date): void {
  if (!session) throw new AppError("SESSION_NOT_FOUND", "No such pay session.");
  if (session.status !== "pending") throw new AppError("SESSION_USED", "This pay session has already been used.");
  if (session.expiresAt.getTime() <= now.getTime()) throw new AppError("SESSION_EXPIRED", "This pay session has expired.");
}
