/**
 * A signed-in customer pays a hosted checkout. The order's settlement path decides how
 * (lib/settlement/pay-merchant-order.ts): directly, in one transaction that pays the order (payOrder:
 * balance check, posting from the customer to the merchant gateway's account, signed proof, outbox
 * delivery to the gateway's /transfer/webhook) and closes the session; or through a partner, the session
 * `paying` while the hops run, then `paid` or `failed` with the money back. Double clicks, refreshes and
 * other tabs race on guarded transitions, so exactly one payment can win; a loser moves no money.
 */
import { db } from "@/lib/db";
import type { PaymentAuthorization } from "@/lib/auth/recent-auth";
import { AppError } from "@/lib/errors";
import { checkoutRefusal, effectiveCheckoutStatus, transitionCheckoutSession } from "@/lib/checkout/checkout-status";
import { checkoutNotFound, isCheckoutId } from "@/lib/checkout/request-schemas";
import { payMerchantOrder } from "@/lib/settlement/pay-merchant-order";

export async function payCheckoutSession(options: { sessionId: string; userId: string; authorization?: PaymentAuthorization; now?: Date }) {
  const now = options.now ?? new Date();
  if (!isCheckoutId(options.sessionId)) throw checkoutNotFound();
  const session = await (await db()).checkoutSession.findUnique({ where: { id: options.sessionId }, include: { order: true } });
  if (!session) throw checkoutNotFound();
  try {
    const paid = await payMerchantOrder({
      orderId: session.orderId,
      userId: options.userId,
      authorization: options.authorization,
      description: `Payment to ${session.order.merchantName}`,
      checkoutSessionId: session.id,
      now,
      async moveSession(tx, move) {
        const current = await tx.checkoutSession.findUniqueOrThrow({ where: { id: session.id } });
        const status = effectiveCheckoutStatus(current, now);
        if (status !== "open") throw new AppError("INVALID_STATE", checkoutRefusal(status), { details: { status } });
        const to = move === "direct" ? "paid" : "paying";
        if (!(await transitionCheckoutSession(tx, { sessionId: current.id, from: "open", to }))) {
          throw new AppError("INVALID_STATE", "This checkout was handled meanwhile.");
        }
      },
    });
    return { status: "paid" as const, txid: paid.txid, successUrl: session.successUrl };
  } catch (error) {
    if (error instanceof AppError && error.code === "ORDER_ALREADY_PAID") await closeCheckoutPaidElsewhere(options.sessionId);
    throw error;
  }
}

/**
 * The merchant's order was paid through another session meanwhile: this checkout can never be paid,
 * so it is closed (cancelled) and the page sends the customer back to the merchant.
 */
async function closeCheckoutPaidElsewhere(sessionId: string) {
  await transitionCheckoutSession(await db(), { sessionId, from: "open", to: "cancelled" });
}
