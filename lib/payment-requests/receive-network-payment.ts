/**
 * Money for a payment request that arrived from the Opencharge network (a proof at /transfer/webhook, or a
 * payment/settle when another gateway pays one of our merchants through us). A verified proof is money
 * that has already moved, so it is always taken; the request's status says what it means, through the one
 * transition function:
 *  - another currency than the request's → ERROR, the money held for the operator (a suspense account);
 *  - after expiresAt (or once EXPIRED) → LATE; before notBefore → EARLY;
 *  - otherwise by amount against what is due: the rest → DONE, less → INCOMPLETE, more → OVERPAID (an
 *    amount-less request: the first payment completes it, and sets its currency).
 * LATE, EARLY and OVERPAID money is the merchant's (it accepts the request, or refunds); when the request
 * can no longer take money at all (cancelled, failed, refunded, reserved…) it goes to suspense, unapplied.
 * One balanced posting from `source` (the issuer's nostro account) in the caller's transaction, a
 * `related` payment naming the paying gateway, the log entry and the callback.
 */
import type { PaymentRequest } from "@/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { getOrCreateAccount, holdOwner, merchantOwner } from "@/lib/ledger/accounts";
import { postTransaction } from "@/lib/ledger/post-transaction";
import { applyTransition, type TransitionResult } from "@/lib/payment-requests/apply-transition";
import { amountDueMinor } from "@/lib/payment-requests/payment-request-view";
import { canTransition, type PaymentRequestEvent, type PaymentRequestStatus } from "@/lib/payment-requests/status";
import { statusReasonText } from "@/lib/payment-requests/status-reasons";

export type NetworkPaymentOutcome = {
  /** Where the money went: the merchant's account, or suspense (held for the operator). */
  creditedTo: "payment_request" | "suspense";
  transition: TransitionResult | null;
  ledgerTxId: string;
};

export async function receiveNetworkPayment(
  tx: Tx,
  options: {
    request: PaymentRequest;
    amountMinor: bigint;
    currency: string;
    /** The proof's txid (listed in `related`) and the gateway that paid. */
    txid: string;
    payerOcid: number;
    /** The account the money comes from (the issuer's nostro account). */
    sourceAccountId: string;
    description: string;
    now: Date;
  },
): Promise<NetworkPaymentOutcome> {
  const { request, amountMinor, currency, now } = options;
  const event = networkEvent(request, amountMinor, currency, now);
  const isApplied = event !== null && event !== "network_error" && canTransition(request.status as PaymentRequestStatus, event);
  const isError = event === "network_error" && canTransition(request.status as PaymentRequestStatus, event);

  let transition: TransitionResult | null = null;
  if (isApplied) {
    transition = await applyTransition(tx, {
      request,
      event,
      reason: reasonOf(event, options.payerOcid),
      data: { currency, amountPaidMinor: { increment: amountMinor } },
      now,
    });
  } else if (isError) {
    transition = await applyTransition(tx, {
      request,
      event: "network_error",
      reason: statusReasonText({ code: "networkCurrency", ocid: options.payerOcid, currency, requestCurrency: request.currency ?? "" }),
      now,
    });
  }

  const payee = isApplied
    ? await getOrCreateAccount(tx, { type: "merchant", owner: merchantOwner(request.merchantId), currency })
    : await getOrCreateAccount(tx, { type: "suspense", owner: holdOwner(request.id), currency });
  const posting = await postTransaction(tx, {
    kind: isApplied ? "network_payment" : "network_suspense",
    description: options.description,
    idempotencyKey: `network_payment:${options.payerOcid}:${options.txid}`,
    legs: [
      { accountId: options.sourceAccountId, amount: -amountMinor },
      { accountId: payee.id, amount: amountMinor },
    ],
  });
  if (isApplied) {
    await tx.paymentRequestMovement.create({
      data: { requestId: request.id, type: "payment", txid: options.txid, amountMinor, payerOcid: options.payerOcid, state: "settled", createdAt: now },
    });
  }
  return { creditedTo: isApplied ? "payment_request" : "suspense", transition, ledgerTxId: posting.id };
}

/** Which network event this money is for the request as it stands, or null when nothing fits. */
function networkEvent(request: PaymentRequest, amountMinor: bigint, currency: string, now: Date): PaymentRequestEvent | null {
  if (request.currency !== null && request.currency !== currency) return "network_error";
  if (request.status === "EXPIRED" || (request.status === "CREATED" && request.expiresAt <= now)) return "network_late";
  if (request.notBefore && request.notBefore > now && request.status === "CREATED") return "network_early";
  const due = amountDueMinor(request);
  if (due === null) return "network_full";
  if (amountMinor > due) return "network_over";
  return amountMinor === due ? "network_full" : "network_part";
}

function reasonOf(event: PaymentRequestEvent, payerOcid: number): string | null {
  if (event === "network_late") return statusReasonText({ code: "networkLate", ocid: payerOcid });
  if (event === "network_early") return statusReasonText({ code: "networkEarly", ocid: payerOcid });
  if (event === "network_over") return statusReasonText({ code: "networkOver", ocid: payerOcid });
  return null;
}
