/**
 * The one way a payment request changes status. Inside the caller's transaction it
 *  1. decides the new status with the state machine (status.ts: `nextStatus` throws the refusal),
 *  2. writes it with an update guarded by the state the caller read (status and the three amounts), so
 *     of two concurrent events only one can win, and any extra columns the event changes go with it,
 *  3. releases the request's short code and externalRef when the new status no longer holds them,
 *  4. appends the status log entry, and
 *  5. enqueues the callback `{id, status}` to the request's callbackUrl in the one outbox.
 * The caller wakes the delivery worker after its commit (`kickDeliveryWorker()`) when `callbackEnqueued`.
 *
 * A guard that matches nothing means the request changed after it was read (a stale read passed in, or
 * a concurrent writer on an engine that let it through): the request is read again and the event is
 * refused as its status now says, or 409 CONFLICT asks the caller to try again.
 */
import type { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { enqueueDelivery } from "@/lib/deliveries/enqueue-delivery";
import { AppError } from "@/lib/errors";
import { isKeyHoldingStatus, isPaymentRequestStatus, nextStatus, type PaymentRequestEvent, type PaymentRequestStatus } from "@/lib/payment-requests/status";

export const CALLBACK_DELIVERY_KIND = "payment_request.callback";

/** What the guard compares: the request as the caller read it. */
export type RequestState = {
  id: string;
  status: string;
  callbackUrl: string | null;
  amountPaidMinor: bigint;
  amountHeldMinor: bigint;
  amountRefundedMinor: bigint;
};

export type TransitionResult = { status: PaymentRequestStatus; previous: PaymentRequestStatus; callbackEnqueued: boolean };

export async function applyTransition(
  tx: Tx,
  options: {
    request: RequestState;
    event: PaymentRequestEvent;
    /** Why, when the status needs one (cancelled by whom, declined, expired); shown as statusReason and in the log. */
    reason?: string | null;
    /** Further columns the event changes (amounts, currency, hold expiry), written by the same guarded update. */
    data?: Prisma.PaymentRequestUpdateManyMutationInput;
    now: Date;
  },
): Promise<TransitionResult> {
  const { request, event, now } = options;
  const previous = asStatus(request.status);
  const status = nextStatus(previous, event);
  const reason = options.reason ?? null;

  const written = await tx.paymentRequest.updateMany({
    where: {
      id: request.id,
      status: request.status,
      amountPaidMinor: request.amountPaidMinor,
      amountHeldMinor: request.amountHeldMinor,
      amountRefundedMinor: request.amountRefundedMinor,
    },
    data: {
      ...options.data,
      status,
      statusReason: reason,
      updatedAt: now,
      ...(isKeyHoldingStatus(status) ? {} : { openShortCode: null, openExternalRefKey: null }),
    },
  });
  if (written.count !== 1) {
    const current = await tx.paymentRequest.findUnique({ where: { id: request.id }, select: { status: true } });
    if (!current) throw new AppError("NOT_FOUND", "No such payment request.");
    nextStatus(asStatus(current.status), event); // refuses as the status now says
    throw new AppError("CONFLICT", "The payment request changed at the same moment; please try again.", {
      details: { status: current.status },
    });
  }

  await tx.paymentRequestEvent.create({ data: { requestId: request.id, status, reason, createdAt: now } });

  let callbackEnqueued = false;
  if (request.callbackUrl) {
    // Receivers re-read the request: the body names it and its new status only.
    await enqueueDelivery(tx, {
      kind: CALLBACK_DELIVERY_KIND,
      targetOcid: null,
      path: "",
      url: request.callbackUrl,
      paymentRequestId: request.id,
      body: JSON.stringify({ id: request.id, status }),
      now,
    });
    callbackEnqueued = true;
  }
  return { status, previous, callbackEnqueued };
}

function asStatus(value: string): PaymentRequestStatus {
  if (!isPaymentRequestStatus(value)) throw new Error(`Payment request status "${value}" is not in the state machine`);
  return value;
}
