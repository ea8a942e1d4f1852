/**
 * Before a request is shown: if time has made a transition due (expiry, the end of a hold), apply it in
 * a transaction of its own, so what the caller reads is what the request has become, and its callback
 * goes out. A request that is not due costs nothing more than the read the caller already made.
 */
import { inTransaction } from "@/lib/db/transaction";
import { kickDeliveryWorker } from "@/lib/deliveries/worker";
import { expirePaymentRequestIfDue, isPaymentRequestDue } from "@/lib/payment-requests/expire-payment-request-if-due";

/** True when a transition was applied (the caller reads the request again). */
export async function refreshPaymentRequest(
  request: { id: string; status: string; expiresAt: Date; holdExpiresAt: Date | null },
  now: Date,
): Promise<boolean> {
  if (!isPaymentRequestDue(request, now)) return false;
  const result = await inTransaction(undefined, async (tx) => {
    const current = await tx.paymentRequest.findUnique({ where: { id: request.id } });
    return current ? expirePaymentRequestIfDue(tx, current, now) : null;
  });
  if (result?.callbackEnqueued) kickDeliveryWorker();
  return true;
}
