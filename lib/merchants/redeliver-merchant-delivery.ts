import { db } from "@/lib/db";
import { redeliverDelivery } from "@/lib/deliveries/redeliver-delivery";
import { AppError } from "@/lib/errors";
import { CALLBACK_DELIVERY_KIND } from "@/lib/payment-requests/apply-transition";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";

/**
 * The owner sends one of its merchant's callbacks again, now (the outbox's own redelivery: same body, a
 * fresh attempt, a delivered one refused with 409 INVALID_STATE). A delivery that is not a callback of
 * this merchant's requests is 404, like a missing one.
 */
export async function redeliverMerchantDelivery(options: { merchantId: string; ownerId: string; deliveryId: string }) {
  const merchant = await getOwnedMerchantOrThrow(options);
  const client = await db();
  const delivery = await client.delivery.findUnique({ where: { id: options.deliveryId }, select: { kind: true, paymentRequestId: true } });
  const request =
    delivery?.kind === CALLBACK_DELIVERY_KIND && delivery.paymentRequestId
      ? await client.paymentRequest.findFirst({ where: { id: delivery.paymentRequestId, merchantId: merchant.id }, select: { id: true } })
      : null;
  if (!request) throw new AppError("NOT_FOUND", "No such delivery.");
  const result = await redeliverDelivery({ id: options.deliveryId });
  return { id: result.id, status: result.status, outcome: result.outcome, lastError: result.lastError, requests: result.requests.length };
}
