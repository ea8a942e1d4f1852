/**
 * The merchant cancels one of its requests (POST /api/payment-requests/{id}/cancel {reason?}) →
 * CANCELLED, logged and called back, with the money it received going back in the same transaction:
 * a reservation (PENDING) is released to its payer; the parts of a split payment (INCOMPLETE) are each
 * refunded exactly (refund-payment-request.ts: listed in `related`, counted in `amountRefunded`). Money
 * from another gateway (the network's EARLY, LATE, OVERPAID, ERROR) cannot be sent back from here yet:
 * that cancel is refused (409 INVALID_STATE) rather than cancelled with the money kept.
 */
import { formatAmount } from "@/lib/money";
import { AppError } from "@/lib/errors";
import { applyTransition } from "@/lib/payment-requests/apply-transition";
import { runMerchantAction } from "@/lib/payment-requests/merchant-action";
import type { PaymentRequestJson } from "@/lib/payment-requests/payment-request-view";
import { refundableMinor, refundablePayments, refundPayment } from "@/lib/payment-requests/refund-payment-request";
import { releasePaymentRequestHold } from "@/lib/payment-requests/release-payment-request-hold";
import { nextStatus, type PaymentRequestStatus } from "@/lib/payment-requests/status";
import { statusReasonText } from "@/lib/payment-requests/status-reasons";

export async function cancelPaymentRequest(options: {
  merchantId: string;
  id: string;
  reason?: string;
  now?: Date;
}): Promise<PaymentRequestJson> {
  const now = options.now ?? new Date();
  const given = options.reason?.trim() || undefined;
  const reason = statusReasonText({ code: "cancelled", ...(given ? { reason: given } : {}) });
  const { request } = await runMerchantAction({ merchantId: options.merchantId, id: options.id, event: "cancel", now }, async (tx, request) => {
    nextStatus(request.status as PaymentRequestStatus, "cancel"); // refuses finished requests as their status says
    if (request.status === "PENDING") {
      return { transition: await releasePaymentRequestHold(tx, { request, event: "cancel", reason, now }), value: null };
    }
    if (request.status === "CREATED" || request.status === "PROCESSING") {
      return { transition: await applyTransition(tx, { request, event: "cancel", reason, now }), value: null };
    }
    if (request.status !== "INCOMPLETE") refuseWithNetworkMoney(request.status);

    // A split payment stopped short: every part goes back to its payer, exactly what is left of it.
    const currency = request.currency;
    if (!currency) throw new Error(`Payment request ${request.id} received money but has no currency`);
    const parts = [];
    for (const payment of await refundablePayments(tx, request.id)) {
      const left = await refundableMinor(tx, payment);
      if (left > 0n) parts.push({ payment, left });
    }
    const total = parts.reduce((sum, part) => sum + part.left, 0n);
    const transition = await applyTransition(tx, {
      request,
      event: "cancel",
      reason: statusReasonText({ code: "cancelledRefunded", ...(given ? { reason: given } : {}), amount: formatAmount(total, currency), currency, payers: parts.length }),
      data: { amountRefundedMinor: { increment: total } },
      now,
    });
    for (const { payment, left } of parts) {
      await refundPayment(tx, { request, currency, payment, amountMinor: left, externalRef: `cancel:${payment.txid}`, now });
    }
    return { transition, value: null };
  });
  return request;
}

function refuseWithNetworkMoney(status: string): never {
  throw new AppError(
    "INVALID_STATE",
    `This payment request (${status}) holds money from another gateway: sending it back through the network is not supported yet.`,
    { details: { status, event: "cancel" } },
  );
}
