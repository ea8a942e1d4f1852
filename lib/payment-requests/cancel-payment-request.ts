/**
 * The merchant cancels one of its requests (POST /api/payment-requests/{id}/cancel {reason?}) → CANCELLED,
 * logged and called back. Money reserved for it (PENDING) goes back to the payer in the same
 * transaction. A request that already received money it keeps (INCOMPLETE, and the network's EARLY,
 * LATE, OVERPAID, ERROR) is refunded on cancel — that arrives with refunds; until then it is refused
 * (409 INVALID_STATE) rather than cancelled with the money kept.
 */
import { db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { kickDeliveryWorker } from "@/lib/deliveries/worker";
import { AppError } from "@/lib/errors";
import { applyTransition } from "@/lib/payment-requests/apply-transition";
import { expirePaymentRequestIfDue } from "@/lib/payment-requests/expire-payment-request-if-due";
import { notFound } from "@/lib/payment-requests/get-payment-request";
import { toPaymentRequestJson, VIEW_INCLUDE, type PaymentRequestJson } from "@/lib/payment-requests/payment-request-view";
import { releasePaymentRequestHold } from "@/lib/payment-requests/release-payment-request-hold";
import { nextStatus, type PaymentRequestStatus } from "@/lib/payment-requests/status";

export async function cancelPaymentRequest(options: {
  merchantId: string;
  id: string;
  reason?: string;
  now?: Date;
}): Promise<PaymentRequestJson> {
  const now = options.now ?? new Date();
  const reason = options.reason?.trim() ? `Cancelled by the merchant: ${options.reason.trim()}` : "Cancelled by the merchant.";
  // An expiry that was due is committed even though the cancel is then refused.
  const outcome = await inTransaction(undefined, async (tx) => {
    const request = await tx.paymentRequest.findFirst({ where: { id: options.id, merchantId: options.merchantId } });
    if (!request) throw notFound();
    const expired = await expirePaymentRequestIfDue(tx, request, now);
    if (expired) return { expired };
    nextStatus(request.status as PaymentRequestStatus, "cancel"); // refuses finished requests as their status says
    const result =
      request.status === "PENDING"
        ? await releasePaymentRequestHold(tx, { request, event: "cancel", reason, now })
        : request.status === "CREATED" || request.status === "PROCESSING"
          ? await applyTransition(tx, { request, event: "cancel", reason, now })
          : refuseWithMoney(request.status);
    return { result };
  });
  if (outcome.expired?.callbackEnqueued || outcome.result?.callbackEnqueued) kickDeliveryWorker();
  if (outcome.expired) {
    throw new AppError("INVALID_STATE", `A payment request in status ${outcome.expired.status} cannot take "cancel".`, {
      details: { status: outcome.expired.status, event: "cancel" },
    });
  }
  const client = await db();
  return toPaymentRequestJson(await client.paymentRequest.findUniqueOrThrow({ where: { id: options.id }, include: VIEW_INCLUDE }));
}

function refuseWithMoney(status: string): never {
  throw new AppError(
    "INVALID_STATE",
    `This payment request (${status}) has received money: cancelling it means refunding its payers, which is not supported yet.`,
    { details: { status, event: "cancel" } },
  );
}
