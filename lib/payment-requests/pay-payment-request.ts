/**
 * A wallet user pays a payment request (POST /api/wallet/payment-requests/{id}/pay {amount?}): ONE
 * transaction claims the request through the state machine (a guarded update: of concurrent payers
 * exactly one wins, the others get the refusal the new status means, e.g. 409 REQUEST_PAID), posts the
 * balanced ledger movement, records it in `related`, appends the log and enqueues the callback. An
 * overdraft (402 INSUFFICIENT_FUNDS) rolls all of it back: nothing moved, the request still payable.
 *
 * capture "auto": payer → the merchant's account; `pay_full` → DONE, or `pay_part` → INCOMPLETE for a
 * split payment (partialAllowed) until the parts reach the amount. capture "manual": payer → the
 * request's hold account (`hold` → PENDING) until the merchant captures it or the hold runs out
 * (holdSeconds; expire-due-payment-requests.ts releases it → FAILED).
 */
import { assertPaymentAuthorized, type PaymentAuthorization } from "@/lib/auth/recent-auth";
import { inTransaction } from "@/lib/db/transaction";
import { kickDeliveryWorker } from "@/lib/deliveries/worker";
import { AppError } from "@/lib/errors";
import { getOrCreateAccount, holdOwner, merchantOwner, userOwner } from "@/lib/ledger/accounts";
import { postTransaction } from "@/lib/ledger/post-transaction";
import { formatAmount, parsePositiveAmount } from "@/lib/money";
import { applyTransition } from "@/lib/payment-requests/apply-transition";
import { expirePaymentRequestIfDue } from "@/lib/payment-requests/expire-payment-request-if-due";
import { notFound } from "@/lib/payment-requests/get-payment-request";
import { hashRequest, recallAnswer, rememberAnswer, sameKeySameAnswer, type RememberedAnswer } from "@/lib/payment-requests/idempotency";
import { newPaymentTxid } from "@/lib/payment-requests/payment-request-id";
import { amountDueMinor, toPayerView, VIEW_INCLUDE, type PayerViewJson } from "@/lib/payment-requests/payment-request-view";
import type { PayInput } from "@/lib/payment-requests/request-schemas";
import { nextStatus, type PaymentRequestEvent, type PaymentRequestStatus } from "@/lib/payment-requests/status";

export type PayAnswer = { status: string; txid: string; request: PayerViewJson };

export async function payPaymentRequest(options: {
  requestId: string;
  userId: string;
  /** How the payer asked (lib/auth/recent-auth.ts): a large payment needs a fresh password proof. */
  authorization?: PaymentAuthorization;
  input: PayInput;
  idempotencyKey?: string | null;
  now?: Date;
}): Promise<RememberedAnswer> {
  const { requestId, userId, input } = options;
  const now = options.now ?? new Date();
  const idempotency = options.idempotencyKey
    ? { key: `user:${userId}:pay:${options.idempotencyKey}`, requestHash: hashRequest({ requestId, ...input }) }
    : null;

  // The same Idempotency-Key sent twice at once: the second pay waits on the request's row, finds it paid by
  // the first and then answers with the first's answer, not a refusal.
  return sameKeySameAnswer(idempotency, now, async () => {
    const outcome = await payInTransaction();
    if (outcome.kind === "expired") {
      if (outcome.expired.callbackEnqueued) kickDeliveryWorker();
      nextStatus(outcome.expired.status, "pay_full"); // always throws: EXPIRED → 410 REQUEST_EXPIRED
      throw new Error("unreachable");
    }
    if (outcome.callbackEnqueued) kickDeliveryWorker();
    return outcome.answer;
  });

  // Queued isolation (lib/db/transaction.ts): every decision below is a guarded write — the request's status
  // and amounts (applyTransition), the payer's balance floor (postTransaction), unique keys — so concurrent
  // sales on one merchant or payer wait for each other's rows instead of aborting.
  function payInTransaction() {
    return inTransaction(undefined, async (tx) => {
    if (idempotency) {
      const remembered = await recallAnswer(tx, { ...idempotency, now });
      if (remembered) return { kind: "answered" as const, answer: remembered, callbackEnqueued: false };
    }
    const request = await tx.paymentRequest.findUnique({ where: { id: requestId }, include: { merchant: { select: { name: true } } } });
    // A request-to-pay addressed to someone else does not exist for this payer.
    if (!request || (request.payerUserId !== null && request.payerUserId !== userId)) throw notFound();
    const expired = await expirePaymentRequestIfDue(tx, request, now);
    if (expired) return { kind: "expired" as const, expired };

    const status = request.status as PaymentRequestStatus;
    const isManual = request.capture === "manual";
    nextStatus(status, isManual ? "hold" : "pay_full"); // expired, cancelled, already paid…: refused as the status says
    if (request.expiresAt <= now) {
      // A split payment past its expiry keeps its parts (INCOMPLETE: the merchant accepts or cancels it) but takes no more.
      throw new AppError("REQUEST_EXPIRED", "This payment request has expired.", { details: { status, expiresAt: request.expiresAt.toISOString() } });
    }
    if (request.notBefore && request.notBefore > now) {
      throw new AppError("REQUEST_NOT_YET_VALID", `This payment request can be paid from ${request.notBefore.toISOString()}.`, {
        details: { notBefore: request.notBefore.toISOString() },
      });
    }

    const currency = pickCurrency(request.currency, input.currency);
    const due = amountDueMinor(request);
    const amountMinor = pickAmount({ input: input.amount, currency, due, isPartialAllowed: request.partialAllowed });
    // Inside the transaction, before the claim and the posting: a refusal rolls back and nothing moves.
    assertPaymentAuthorized(options.authorization, { amountMinor, currency });
    const event: PaymentRequestEvent = isManual ? "hold" : due === null || amountMinor === due ? "pay_full" : "pay_part";

    const txid = newPaymentTxid();
    const transition = await applyTransition(tx, {
      request,
      event,
      now,
      data: isManual
        ? { currency, amountHeldMinor: { increment: amountMinor }, holdExpiresAt: new Date(now.getTime() + request.holdSeconds * 1000) }
        : { currency, amountPaidMinor: { increment: amountMinor } },
    });

    const payer = await getOrCreateAccount(tx, { type: "user", owner: userOwner(userId), currency, userId });
    const payee = isManual
      ? await getOrCreateAccount(tx, { type: "hold", owner: holdOwner(request.id), currency })
      : await getOrCreateAccount(tx, { type: "merchant", owner: merchantOwner(request.merchantId), currency });
    await postTransaction(tx, {
      kind: isManual ? "payment_request_hold" : "payment_request",
      description: `${isManual ? "Reserved for" : "Payment to"} ${request.merchant.name}`,
      idempotencyKey: `payment_request:${txid}`,
      legs: [
        { accountId: payer.id, amount: -amountMinor },
        { accountId: payee.id, amount: amountMinor },
      ],
    });
    await tx.paymentRequestMovement.create({
      data: { requestId: request.id, type: "payment", txid, amountMinor, payerUserId: userId, state: isManual ? "held" : "settled", createdAt: now },
    });

    const view = await tx.paymentRequest.findUniqueOrThrow({ where: { id: request.id }, include: VIEW_INCLUDE });
    const body: PayAnswer = { status: transition.status, txid, request: toPayerView(view, userId) };
    const answer: RememberedAnswer = { status: 200, body };
    if (idempotency) await rememberAnswer(tx, { ...idempotency, answer, now });
    return { kind: "answered" as const, answer, callbackEnqueued: transition.callbackEnqueued };
    }, { isolation: "queued" });
  }
}

/** The request's currency; an amount-less request has none until its first payment names one. */
function pickCurrency(requestCurrency: string | null, given: string | undefined): string {
  if (requestCurrency) {
    if (given !== undefined && given !== requestCurrency) {
      throw new AppError("CURRENCY_MISMATCH", `This payment request is in ${requestCurrency}, not ${given.slice(0, 16)}.`, {
        details: { currency: requestCurrency },
      });
    }
    return requestCurrency;
  }
  if (given === undefined) {
    throw new AppError("VALIDATION_ERROR", 'Invalid body field "currency": this request has no amount; give amount and currency.', {
      details: { issues: [{ path: "currency", message: "required for a request without a value" }] },
    });
  }
  formatAmount(0n, given); // refuses an unknown currency (400 UNSUPPORTED_CURRENCY)
  return given;
}

/**
 * The amount to pay in minor units. Required when the request has no amount or allows parts; otherwise
 * it may be left out (the whole amount due) or must equal it. Never zero, negative, over-precise or more
 * than what is due (400 INVALID_AMOUNT).
 */
function pickAmount(options: { input: unknown; currency: string; due: bigint | null; isPartialAllowed: boolean }): bigint {
  const { input, currency, due } = options;
  const isAmountRequired = due === null || options.isPartialAllowed;
  if (input === undefined) {
    if (isAmountRequired || due === null) {
      throw new AppError("INVALID_AMOUNT", "Give the amount to pay: this request has no fixed amount or allows paying part of it.", {
        details: { field: "amount" },
      });
    }
    return due;
  }
  if (typeof input !== "string") {
    throw new AppError("INVALID_AMOUNT", 'amount must be a decimal string such as "12.50".', { details: { field: "amount" } });
  }
  const minor = parsePositiveAmount(input, currency);
  if (due !== null && minor > due) {
    throw new AppError("INVALID_AMOUNT", `The amount is more than the ${formatAmount(due, currency)} ${currency} still due.`, {
      details: { amount: input, amountDue: formatAmount(due, currency) },
    });
  }
  if (due !== null && !options.isPartialAllowed && minor !== due) {
    throw new AppError("INVALID_AMOUNT", `This request is paid in full: the amount must be ${formatAmount(due, currency)} ${currency}.`, {
      details: { amount: input, amountDue: formatAmount(due, currency) },
    });
  }
  return minor;
}
