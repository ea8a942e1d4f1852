/**
 * The frame every merchant action on one of its requests shares (cancel, capture, release, accept,
 * refund): ONE transaction reads the request scoped to the merchant (another merchant's is 404 like a
 * missing one), first applies what time has made due (an expiry, the end of a hold: committed even when
 * the action is then refused, so the merchant is told what the request has become), then runs the
 * action, which changes the status only through applyTransition. After the commit the delivery worker
 * is woken for the callbacks, and the merchant's view of the request is answered.
 */
import type { PaymentRequest } from "@/generated/prisma/client";
import { db, type Tx } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { kickDeliveryWorker } from "@/lib/deliveries/worker";
import { AppError } from "@/lib/errors";
import type { TransitionResult } from "@/lib/payment-requests/apply-transition";
import { expirePaymentRequestIfDue } from "@/lib/payment-requests/expire-payment-request-if-due";
import { notFound } from "@/lib/payment-requests/get-payment-request";
import { toPaymentRequestJson, VIEW_INCLUDE, type PaymentRequestJson } from "@/lib/payment-requests/payment-request-view";
import type { PaymentRequestEvent } from "@/lib/payment-requests/status";

export type MerchantActionOutcome<T> = { transition: TransitionResult | null; value: T };

export async function runMerchantAction<T>(
  options: { merchantId: string; id: string; event: PaymentRequestEvent; now: Date },
  action: (tx: Tx, request: PaymentRequest) => Promise<MerchantActionOutcome<T>>,
): Promise<{ value: T; request: PaymentRequestJson }> {
  const outcome = await inTransaction(undefined, async (tx) => {
    const request = await tx.paymentRequest.findFirst({ where: { id: options.id, merchantId: options.merchantId } });
    if (!request) throw notFound();
    const expired = await expirePaymentRequestIfDue(tx, request, options.now);
    if (expired) return { kind: "expired" as const, expired };
    return { kind: "done" as const, ...(await action(tx, request)) };
  });
  if (outcome.kind === "expired") {
    if (outcome.expired.callbackEnqueued) kickDeliveryWorker();
    throw new AppError("INVALID_STATE", `A payment request in status ${outcome.expired.status} cannot take "${options.event}".`, {
      details: { status: outcome.expired.status, event: options.event },
    });
  }
  if (outcome.transition?.callbackEnqueued) kickDeliveryWorker();
  const client = await db();
  const request = toPaymentRequestJson(await client.paymentRequest.findUniqueOrThrow({ where: { id: options.id }, include: VIEW_INCLUDE }));
  return { value: outcome.value, request };
}
