/**
 * A signed-in customer pays a hosted checkout: one transaction pays the order (payOrder: balance check,
 * posting from the customer to the merchant gateway's account, signed proof, outbox delivery to the
 * gateway's /transfer/webhook) and closes the session. Double clicks, refreshes and other tabs race on
 * guarded updates, so exactly one payment can win; a loser moves no money.
 */
import { db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { kickDeliveryWorker } from "@/lib/deliveries/worker";
import { AppError } from "@/lib/errors";
import { payOrder } from "@/lib/orders/pay-order";
import { checkoutRefusal, effectiveCheckoutStatus } from "@/lib/checkout/checkout-status";
import { checkoutNotFound, isCheckoutId } from "@/lib/checkout/request-schemas";

export async function payCheckoutSession(options: { sessionId: string; userId: string; now?: Date }) {
  const now = options.now ?? new Date();
  if (!isCheckoutId(options.sessionId)) throw checkoutNotFound();
  const result = await inTransaction(undefined, async (tx) => {
    const session = await tx.checkoutSession.findUnique({ where: { id: options.sessionId }, include: { order: true } });
    if (!session) throw checkoutNotFound();
    const status = effectiveCheckoutStatus(session, now);
    if (status !== "open") throw new AppError("INVALID_STATE", checkoutRefusal(status), { details: { status } });

    const paid = await payOrder(tx, {
      orderId: session.orderId,
      userId: options.userId,
      description: `Payment to ${session.order.merchantName}`,
      checkoutSessionId: session.id,
      now,
    });
    const closed = await tx.checkoutSession.updateMany({
      where: { id: session.id, status: "open" },
      data: { status: "paid", openKey: null },
    });
    if (closed.count !== 1) throw new AppError("INVALID_STATE", "This checkout was handled meanwhile.");
    return { txid: paid.txid, successUrl: session.successUrl };
  }).catch(async (error: unknown) => {
    if (error instanceof AppError && error.code === "ORDER_ALREADY_PAID") await closeCheckoutPaidElsewhere(options.sessionId);
    throw error;
  });
  kickDeliveryWorker();
  return { status: "paid" as const, txid: result.txid, successUrl: result.successUrl };
}

/**
 * The merchant's order was paid through another session meanwhile: this checkout can never be paid,
 * so it is closed (cancelled) and the page sends the customer back to the merchant.
 */
async function closeCheckoutPaidElsewhere(sessionId: string) {
  const client = await db();
  await client.checkoutSession.updateMany({ where: { id: sessionId, status: "open" }, data: { status: "cancelled", openKey: null } });
}
