/**
 * The till closes a spot's visit (POST /api/merchant/spots/{id}/close) → `closed`; the next check-in
 * starts a new visit. Orders the customer never confirmed (pending) are cancelled with it — nothing was
 * paid, nothing moves — so the customer cannot pay for a visit that is over. An order whose money is
 * reserved is not decided by closing: the till captures or releases it first (409 INVALID_STATE naming
 * it, nothing changed). A free or already closed spot has no visit to close (409 INVALID_STATE).
 */
import { db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { kickDeliveryWorker } from "@/lib/deliveries/worker";
import { AppError } from "@/lib/errors";
import { applyTransition } from "@/lib/payment-requests/apply-transition";
import { expirePaymentRequestIfDue } from "@/lib/payment-requests/expire-payment-request-if-due";
import { applySpotTransition, asSpotStatus, spotNotFound } from "@/lib/spots/apply-spot-transition";
import { SPOT_INCLUDE, spotOrderStatus, toSpotJson, type SpotJson } from "@/lib/spots/spot-view";
import { nextSpotStatus } from "@/lib/spots/status";
import { statusReasonText } from "@/lib/payment-requests/status-reasons";

export const CLOSED_SPOT_REASON = statusReasonText({ code: "spotClosed" });

export async function closeSpot(options: { merchantId: string; id: string; now?: Date }): Promise<SpotJson> {
  const now = options.now ?? new Date();
  const callbacks = await inTransaction(undefined, async (tx) => {
    const spot = await tx.spot.findFirst({ where: { id: options.id, merchantId: options.merchantId } });
    if (!spot) throw spotNotFound();
    nextSpotStatus(asSpotStatus(spot.status), "close"); // free or closed: nothing to close

    let callbackEnqueued = false;
    const orders = await tx.spotOrder.findMany({ where: { spotId: spot.id, visit: spot.visit }, select: { paymentRequestId: true } });
    const requests = [];
    for (const { paymentRequestId } of orders) {
      let request = await tx.paymentRequest.findUniqueOrThrow({ where: { id: paymentRequestId } });
      // Time decides first: an order past its expiry, or a reservation past its hold, is over already.
      const expired = await expirePaymentRequestIfDue(tx, request, now);
      if (expired) {
        callbackEnqueued ||= expired.callbackEnqueued;
        request = await tx.paymentRequest.findUniqueOrThrow({ where: { id: paymentRequestId } });
      }
      requests.push(request);
    }
    // Money reserved (or on its way from another gateway) is the till's to decide, not the close's.
    const undecided = requests.filter((r) => r.status !== "CREATED" && ["pending", "reserved"].includes(spotOrderStatus(r.status)));
    if (undecided.length > 0) {
      throw new AppError(
        "INVALID_STATE",
        `Capture or release the reserved order${undecided.length > 1 ? "s" : ""} first: ${undecided.map((r) => r.id).join(", ")}.`,
        { details: { status: spot.status, orders: undecided.map((r) => ({ id: r.id, status: spotOrderStatus(r.status), requestStatus: r.status })) } },
      );
    }
    for (const request of requests.filter((r) => r.status === "CREATED")) {
      const cancelled = await applyTransition(tx, { request, event: "cancel", reason: CLOSED_SPOT_REASON, now });
      callbackEnqueued ||= cancelled.callbackEnqueued;
    }
    await applySpotTransition(tx, { spot, event: "close", now });
    return callbackEnqueued;
  });
  if (callbacks) kickDeliveryWorker();
  const client = await db();
  return toSpotJson(client, await client.spot.findUniqueOrThrow({ where: { id: options.id }, include: SPOT_INCLUDE }));
}
