/**
 * The till attaches an order to a spot (POST /api/merchant/spots/{id}/order {paymentRequestId}): one of
 * its own payment requests, created with `capture: "manual"` and a value, still open (CREATED). In one
 * transaction the request becomes a request-to-pay of the customer checked in for the spot's current
 * visit (only they can see, pay or decline it; anyone else paying it is 404), the order is recorded for
 * the visit and the spot is `busy`. The customer's page shows it with "Confirm payment", which reserves
 * the money (PENDING) until the merchant captures or releases it.
 *
 * Refusals, each with nothing written: another merchant's spot or request, or an unknown one → 404; nobody
 * checked in (free or closed spot) → 409 INVALID_STATE; a request that is not manual-capture or has no
 * value → 400 BAD_REQUEST; one that is no longer open (paid, expired, cancelled) → 409 INVALID_STATE; one
 * addressed to someone else, or attached to another spot or visit → 409 CONFLICT. Attaching the same
 * request to the same visit again answers the spot as it is.
 */
import { db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { kickDeliveryWorker } from "@/lib/deliveries/worker";
import { AppError } from "@/lib/errors";
import { expirePaymentRequestIfDue } from "@/lib/payment-requests/expire-payment-request-if-due";
import { applySpotTransition, asSpotStatus, spotNotFound } from "@/lib/spots/apply-spot-transition";
import { SPOT_INCLUDE, toSpotJson, type SpotJson } from "@/lib/spots/spot-view";
import { nextSpotStatus } from "@/lib/spots/status";

export async function attachSpotOrder(options: { merchantId: string; spotId: string; paymentRequestId: string; now?: Date }): Promise<SpotJson> {
  const now = options.now ?? new Date();
  const { merchantId, spotId, paymentRequestId } = options;
  let outcome;
  try {
    outcome = await inTransaction(undefined, async (tx) => {
      const spot = await tx.spot.findFirst({ where: { id: spotId, merchantId } });
      if (!spot) throw spotNotFound();
      const request = await tx.paymentRequest.findFirst({ where: { id: paymentRequestId, merchantId } });
      if (!request) throw new AppError("NOT_FOUND", "No such payment request.", { details: { field: "paymentRequestId" } });
      nextSpotStatus(asSpotStatus(spot.status), "attach"); // nobody checked in: 409 before anything else

      const attached = await tx.spotOrder.findUnique({ where: { paymentRequestId: request.id } });
      if (attached) {
        if (attached.spotId === spot.id && attached.visit === spot.visit) return { kind: "again" as const };
        throw new AppError("CONFLICT", "This payment request is already the order of another spot or visit.", {
          details: { field: "paymentRequestId" },
        });
      }
      if (request.capture !== "manual" || request.amountMinor === null) {
        throw new AppError("BAD_REQUEST", 'A spot order is reserved, then captured: create the payment request with capture "manual" and a value.', {
          details: { field: "paymentRequestId", capture: request.capture, hasValue: request.amountMinor !== null },
        });
      }
      const expired = await expirePaymentRequestIfDue(tx, request, now);
      if (expired) return { kind: "expired" as const, expired };
      if (request.status !== "CREATED") {
        throw new AppError("INVALID_STATE", `This payment request is ${request.status}: only an open one (CREATED) can become a spot order.`, {
          details: { field: "paymentRequestId", status: request.status },
        });
      }

      const checkIn = await tx.spotCheckIn.findUnique({ where: { spotId_visit: { spotId: spot.id, visit: spot.visit } } });
      if (!checkIn) throw new Error(`Spot ${spot.id} is ${spot.status} without a check-in for visit ${spot.visit}`);
      if (request.payerUserId !== null && request.payerUserId !== checkIn.userId) {
        throw new AppError("CONFLICT", "This payment request is addressed to another payer than the customer checked in at this spot.", {
          details: { field: "paymentRequestId" },
        });
      }
      await applySpotTransition(tx, { spot, event: "attach", now });
      // Guarded like a transition: a payment or cancel since our read makes this match nothing.
      const addressed = await tx.paymentRequest.updateMany({
        where: { id: request.id, status: "CREATED", payerUserId: request.payerUserId },
        data: { payerUserId: checkIn.userId, updatedAt: now },
      });
      if (addressed.count !== 1) throw new AppError("CONFLICT", "The payment request changed at the same moment; please try again.");
      await tx.spotOrder.create({ data: { spotId: spot.id, visit: spot.visit, paymentRequestId: request.id, attachedAt: now } });
      return { kind: "attached" as const };
    });
  } catch (error) {
    // Two attaches of one request raced: the unique paymentRequestId refused the second.
    if ((error as { code?: unknown } | null)?.code === "P2002") {
      throw new AppError("CONFLICT", "This payment request was attached to a spot at the same moment.", { details: { field: "paymentRequestId" } });
    }
    throw error;
  }
  if (outcome.kind === "expired") {
    if (outcome.expired.callbackEnqueued) kickDeliveryWorker();
    throw new AppError("INVALID_STATE", `This payment request is ${outcome.expired.status}: only an open one (CREATED) can become a spot order.`, {
      details: { field: "paymentRequestId", status: outcome.expired.status },
    });
  }
  const client = await db();
  return toSpotJson(client, await client.spot.findUniqueOrThrow({ where: { id: spotId }, include: SPOT_INCLUDE }));
}
