/**
 * Money a payer reserved (capture "manual", status PENDING) goes back to them: one balanced posting per
 * reservation from the request's hold account to the payer's account, in the caller's transaction, with
 * the status change (released by the merchant or by cancelling → FAILED / CANCELLED; the hold ran out →
 * FAILED). The transition's guard comes first, so concurrent releases, captures and hold expiries of one
 * request cannot both move the money.
 */
import type { Tx } from "@/lib/db";
import { getOrCreateAccount, holdOwner, userOwner } from "@/lib/ledger/accounts";
import { postTransaction } from "@/lib/ledger/post-transaction";
import { applyTransition, type RequestState, type TransitionResult } from "@/lib/payment-requests/apply-transition";

export async function releasePaymentRequestHold(
  tx: Tx,
  options: {
    request: RequestState & { currency: string | null };
    event: "release" | "hold_expired" | "cancel";
    reason: string;
    now: Date;
  },
): Promise<TransitionResult> {
  const { request, now } = options;
  const result = await applyTransition(tx, {
    request,
    event: options.event,
    reason: options.reason,
    data: { amountHeldMinor: 0n, holdExpiresAt: null },
    now,
  });
  const held = await tx.paymentRequestMovement.findMany({ where: { requestId: request.id, type: "payment", state: "held" } });
  for (const movement of held) {
    if (!movement.payerUserId || !request.currency) throw new Error(`Held movement ${movement.id} has no payer or currency`);
    const hold = await getOrCreateAccount(tx, { type: "hold", owner: holdOwner(request.id), currency: request.currency });
    const payer = await getOrCreateAccount(tx, {
      type: "user",
      owner: userOwner(movement.payerUserId),
      currency: request.currency,
      userId: movement.payerUserId,
    });
    await postTransaction(tx, {
      kind: "payment_request_release",
      description: "Reservation released",
      idempotencyKey: `payment_request_release:${movement.txid}`,
      legs: [
        { accountId: hold.id, amount: -movement.amountMinor },
        { accountId: payer.id, amount: movement.amountMinor },
      ],
    });
    await tx.paymentRequestMovement.update({ where: { id: movement.id }, data: { state: "released" } });
  }
  return result;
}
