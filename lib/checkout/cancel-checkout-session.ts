import { inTransaction } from "@/lib/db/transaction";
import { effectiveCheckoutStatus, type CheckoutStatus } from "@/lib/checkout/checkout-status";
import { checkoutNotFound, checkoutUrl, isCheckoutId } from "@/lib/checkout/request-schemas";

/**
 * The customer leaves the checkout with "Cancel": an open session and its order are cancelled (so the
 * order can no longer be paid and its status endpoint says so), then the browser goes to the gateway's
 * cancel URL. Expired and already cancelled sessions just go there. A paid session is never "cancelled":
 * the customer is sent back to the checkout page, which shows the receipt.
 */
export async function cancelCheckoutSession(options: { sessionId: string; now?: Date }): Promise<{ status: CheckoutStatus; redirectTo: string }> {
  const now = options.now ?? new Date();
  if (!isCheckoutId(options.sessionId)) throw checkoutNotFound();
  return inTransaction(undefined, async (tx) => {
    const session = await tx.checkoutSession.findUnique({ where: { id: options.sessionId } });
    if (!session) throw checkoutNotFound();
    let status = effectiveCheckoutStatus(session, now);
    if (status === "open") {
      const cancelled = await tx.checkoutSession.updateMany({
        where: { id: session.id, status: "open" },
        data: { status: "cancelled", openKey: null },
      });
      if (cancelled.count === 1) {
        await tx.paymentOrder.updateMany({ where: { id: session.orderId, status: "pending" }, data: { status: "cancelled" } });
        status = "cancelled";
      } else {
        status = effectiveCheckoutStatus((await tx.checkoutSession.findUniqueOrThrow({ where: { id: session.id } })), now);
      }
    }
    // Paid or being paid: the page shows what happens to the money; cancelling cannot stop a payment under way.
    const redirectTo = status === "paid" || status === "paying" ? checkoutUrl(session.id) : session.cancelUrl;
    return { status, redirectTo };
  });
}
