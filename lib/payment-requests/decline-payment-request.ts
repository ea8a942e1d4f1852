/**
 * The addressed payer of a request-to-pay refuses it (POST /api/wallet/payment-requests/{id}/decline
 * {reason?}) → CANCELLED with a reason the merchant sees, logged and called back. A request addressed
 * to someone else is 404 (it does not exist for this caller); one open to anyone cannot be declined
 * (403: there is nobody whose "no" ends it).
 */
import { db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { kickDeliveryWorker } from "@/lib/deliveries/worker";
import { AppError } from "@/lib/errors";
import { applyTransition } from "@/lib/payment-requests/apply-transition";
import { expirePaymentRequestIfDue } from "@/lib/payment-requests/expire-payment-request-if-due";
import { notFound } from "@/lib/payment-requests/get-payment-request";
import { toPayerView, VIEW_INCLUDE, type PayerViewJson } from "@/lib/payment-requests/payment-request-view";
import { nextStatus } from "@/lib/payment-requests/status";
import { statusReasonText } from "@/lib/payment-requests/status-reasons";

export async function declinePaymentRequest(options: {
  requestId: string;
  userId: string;
  reason?: string;
  now?: Date;
}): Promise<{ status: string; request: PayerViewJson }> {
  const now = options.now ?? new Date();
  const given = options.reason?.trim() || undefined;
  const reason = statusReasonText({ code: "declined", ...(given ? { reason: given } : {}) });
  const outcome = await inTransaction(undefined, async (tx) => {
    const request = await tx.paymentRequest.findUnique({ where: { id: options.requestId } });
    if (!request || (request.payerUserId !== null && request.payerUserId !== options.userId)) throw notFound();
    if (request.payerUserId === null) {
      throw new AppError("FORBIDDEN", "Only a request addressed to you can be declined; this one is open to anyone.");
    }
    const expired = await expirePaymentRequestIfDue(tx, request, now);
    if (expired) return expired;
    return applyTransition(tx, { request, event: "decline", reason, now });
  });
  if (outcome.callbackEnqueued) kickDeliveryWorker();
  if (outcome.status !== "CANCELLED") nextStatus(outcome.status, "decline"); // expired meanwhile: 410 REQUEST_EXPIRED
  const client = await db();
  const view = await client.paymentRequest.findUniqueOrThrow({ where: { id: options.requestId }, include: VIEW_INCLUDE });
  return { status: view.status, request: toPayerView(view, options.userId) };
}
