/**
 * The merchant captures a reservation (POST /api/payment-requests/{id}/capture): PENDING → DONE, the
 * reserved money moves from the request's hold account to the merchant's account, in one transaction
 * with the status change, its log entry and callback. The transition's guard comes first, so a capture
 * racing a release or the hold's expiry either wins and moves the money once, or is refused (409
 * INVALID_STATE) having moved nothing. A hold already past its end is released first (→ FAILED).
 */
import { getOrCreateAccount, holdOwner, merchantOwner } from "@/lib/ledger/accounts";
import { postTransaction } from "@/lib/ledger/post-transaction";
import { applyTransition } from "@/lib/payment-requests/apply-transition";
import { runMerchantAction } from "@/lib/payment-requests/merchant-action";
import type { PaymentRequestJson } from "@/lib/payment-requests/payment-request-view";
import { statusReasonText } from "@/lib/payment-requests/status-reasons";

export async function capturePaymentRequest(options: { merchantId: string; id: string; now?: Date }): Promise<PaymentRequestJson> {
  const now = options.now ?? new Date();
  const { request } = await runMerchantAction({ merchantId: options.merchantId, id: options.id, event: "capture", now }, async (tx, request) => {
    const transition = await applyTransition(tx, {
      request,
      event: "capture",
      reason: statusReasonText({ code: "captured" }),
      data: { amountHeldMinor: 0n, amountPaidMinor: { increment: request.amountHeldMinor }, holdExpiresAt: null },
      now,
    });
    const held = await tx.paymentRequestMovement.findMany({ where: { requestId: request.id, type: "payment", state: "held" } });
    const currency = request.currency;
    if (!currency) throw new Error(`Payment request ${request.id} was reserved but has no currency`);
    const merchantRecord = await tx.merchant.findUniqueOrThrow({ where: { id: request.merchantId }, select: { name: true } });
    // One hold account and one merchant account per request: read once, not per reservation.
    const hold = await getOrCreateAccount(tx, { type: "hold", owner: holdOwner(request.id), currency });
    const merchant = await getOrCreateAccount(tx, { type: "merchant", owner: merchantOwner(request.merchantId), currency });
    for (const movement of held) {
      await postTransaction(tx, {
        kind: "payment_request_capture",
        description: `Payment to ${merchantRecord.name} (captured)`,
        idempotencyKey: `payment_request_capture:${movement.txid}`,
        legs: [
          { accountId: hold.id, amount: -movement.amountMinor },
          { accountId: merchant.id, amount: movement.amountMinor },
        ],
      });
      await tx.paymentRequestMovement.update({ where: { id: movement.id }, data: { state: "captured" } });
    }
    return { transition, value: null };
  });
  return request;
}
