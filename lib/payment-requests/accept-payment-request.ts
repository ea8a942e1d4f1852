/**
 * The merchant accepts what a request received as settled (POST /api/payment-requests/{id}/accept
 * {reason?}): INCOMPLETE (a split payment that stopped short), or the network's OVERPAID, EARLY and LATE
 * → ACCEPTED. The money is already in the merchant's account; nothing moves, the status, its log entry
 * and callback change. It stays refundable.
 */
import { applyTransition } from "@/lib/payment-requests/apply-transition";
import { runMerchantAction } from "@/lib/payment-requests/merchant-action";
import type { PaymentRequestJson } from "@/lib/payment-requests/payment-request-view";
import { statusReasonText } from "@/lib/payment-requests/status-reasons";

export async function acceptPaymentRequest(options: { merchantId: string; id: string; reason?: string; now?: Date }): Promise<PaymentRequestJson> {
  const now = options.now ?? new Date();
  const given = options.reason?.trim() || undefined;
  const reason = statusReasonText({ code: "accepted", ...(given ? { reason: given } : {}) });
  const { request } = await runMerchantAction({ merchantId: options.merchantId, id: options.id, event: "accept", now }, async (tx, request) => ({
    transition: await applyTransition(tx, { request, event: "accept", reason, now }),
    value: null,
  }));
  return request;
}
