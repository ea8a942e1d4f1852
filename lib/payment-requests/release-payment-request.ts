/**
 * The merchant releases a reservation (POST /api/payment-requests/{id}/release {reason?}): PENDING →
 * FAILED, the money back with the payer (release-payment-request-hold.ts), logged and called back. A
 * release racing a capture or the hold's expiry moves the money once; the loser is refused (409).
 */
import { runMerchantAction } from "@/lib/payment-requests/merchant-action";
import type { PaymentRequestJson } from "@/lib/payment-requests/payment-request-view";
import { releasePaymentRequestHold } from "@/lib/payment-requests/release-payment-request-hold";
import { statusReasonText } from "@/lib/payment-requests/status-reasons";

export async function releasePaymentRequest(options: { merchantId: string; id: string; reason?: string; now?: Date }): Promise<PaymentRequestJson> {
  const now = options.now ?? new Date();
  const given = options.reason?.trim() || undefined;
  const reason = statusReasonText({ code: "released", ...(given ? { reason: given } : {}) });
  const { request } = await runMerchantAction({ merchantId: options.merchantId, id: options.id, event: "release", now }, async (tx, request) => ({
    transition: await releasePaymentRequestHold(tx, { request, event: "release", reason, now }),
    value: null,
  }));
  return request;
}
