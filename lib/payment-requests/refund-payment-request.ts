/**
 * Refunds (POST /api/payment-requests/{id}/refunds {amount, externalRef, payment?, currency?}, scope
 * `refunds`): money a payer paid goes back from the merchant's account to the payer's, partly and
 * repeatedly, never more than what that payment still holds. The merchant's `externalRef` makes a refund
 * happen once: the same reference and amount again → 200 and the same refund; the same reference with
 * another amount (or another payment) → 409 REPEAT_REFERENCE. Each refund is one balanced posting, a
 * `related` entry of type "refund", `amountRefunded`, and a status change (REFUND while something is
 * left, REFUNDED when everything received went back) with its log entry and callback, in one transaction.
 *
 * `refundPayment` is the one way money goes back for a payment; cancelling a partly paid request uses it
 * too (cancel-payment-request.ts), so those refunds are listed and counted the same way.
 */
import type { PaymentRequest, PaymentRequestMovement } from "@/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getOrCreateAccount, merchantOwner, userOwner } from "@/lib/ledger/accounts";
import { postTransaction } from "@/lib/ledger/post-transaction";
import { formatAmount, parsePositiveAmount } from "@/lib/money";
import { applyTransition } from "@/lib/payment-requests/apply-transition";
import { runMerchantAction } from "@/lib/payment-requests/merchant-action";
import { newPaymentTxid } from "@/lib/payment-requests/payment-request-id";
import type { PaymentRequestJson } from "@/lib/payment-requests/payment-request-view";
import type { RefundInput } from "@/lib/payment-requests/request-schemas";
import { nextStatus, type PaymentRequestStatus } from "@/lib/payment-requests/status";
import { statusReasonText } from "@/lib/payment-requests/status-reasons";

export type RefundJson = { id: string; amount: string; txid: string; status: string };
export type RefundAnswer = { status: 200 | 201; body: RefundJson; request: PaymentRequestJson };

/** Payments whose money reached the merchant (paid, or reserved and captured): the ones that can be refunded. */
const REFUNDABLE_STATES = ["settled", "captured"];

export async function refundPaymentRequest(options: {
  merchantId: string;
  id: string;
  input: RefundInput;
  now?: Date;
}): Promise<RefundAnswer> {
  const now = options.now ?? new Date();
  const { input } = options;
  const { value, request } = await runMerchantAction(
    { merchantId: options.merchantId, id: options.id, event: "refund_part", now },
    async (tx, request) => {
      const currency = request.currency;
      const repeat = await tx.paymentRequestMovement.findFirst({ where: { requestId: request.id, type: "refund", externalRef: input.externalRef } });
      if (repeat) return { transition: null, value: { isNew: false, refund: answerRepeat(repeat, input, request) } };

      nextStatus(request.status as PaymentRequestStatus, "refund_part"); // nothing received (yet), or all of it already back: 409 INVALID_STATE
      if (!currency) throw new Error(`Payment request ${request.id} received money but has no currency`);
      if (input.currency !== undefined && input.currency !== currency) {
        throw new AppError("CURRENCY_MISMATCH", `This payment request was paid in ${currency}, not ${input.currency.slice(0, 16)}.`, {
          details: { currency },
        });
      }
      const payment = await pickPayment(tx, request, input.payment);
      const amountMinor = parseRefundAmount(input.amount, currency);
      const left = await refundableMinor(tx, payment);
      if (amountMinor > left) {
        throw new AppError("INVALID_AMOUNT", `The refund is more than the ${formatAmount(left, currency)} ${currency} left to refund of payment ${payment.txid}.`, {
          details: { amount: input.amount, refundable: formatAmount(left, currency), payment: payment.txid },
        });
      }

      const refundedAfter = request.amountRefundedMinor + amountMinor;
      const transition = await applyTransition(tx, {
        request,
        event: refundedAfter >= request.amountPaidMinor ? "refund_full" : "refund_part",
        reason: statusReasonText({ code: "refunded", amount: formatAmount(amountMinor, currency), currency, reference: input.externalRef }),
        data: { amountRefundedMinor: refundedAfter },
        now,
      });
      const movement = await refundPayment(tx, { request, currency, payment, amountMinor, externalRef: input.externalRef, now });
      return { transition, value: { isNew: true, refund: toRefundJson(movement, currency, transition.status) } };
    },
  );
  // A repeat answers the request's status as it is now.
  const body = value.isNew ? value.refund : { ...value.refund, status: request.status };
  return { status: value.isNew ? 201 : 200, body, request };
}

/**
 * Money back for one payment: merchant account → the payer's account, one balanced posting, recorded as
 * a "refund" movement naming the payment. The caller applies the status change (and amountRefunded).
 * 402 INSUFFICIENT_FUNDS when the merchant has paid out what it would refund: the caller's transaction
 * rolls back and nothing moved.
 */
export async function refundPayment(
  tx: Tx,
  options: {
    request: Pick<PaymentRequest, "id" | "merchantId">;
    currency: string;
    payment: PaymentRequestMovement;
    amountMinor: bigint;
    externalRef: string;
    now: Date;
  },
): Promise<PaymentRequestMovement> {
  const { request, currency, payment, amountMinor, now } = options;
  const payerUserId = payment.payerUserId;
  if (!payerUserId) {
    throw new AppError("INVALID_STATE", "This payment came from another gateway; refunding it there is not supported yet.", {
      details: { payment: payment.txid },
    });
  }
  const merchantRecord = await tx.merchant.findUniqueOrThrow({ where: { id: request.merchantId }, select: { name: true } });
  const merchant = await getOrCreateAccount(tx, { type: "merchant", owner: merchantOwner(request.merchantId), currency });
  const payer = await getOrCreateAccount(tx, { type: "user", owner: userOwner(payerUserId), currency, userId: payerUserId });
  const txid = newPaymentTxid();
  try {
    await postTransaction(tx, {
      kind: "payment_request_refund",
      description: `Refund from ${merchantRecord.name}`,
      idempotencyKey: `payment_request_refund:${txid}`,
      legs: [
        { accountId: merchant.id, amount: -amountMinor },
        { accountId: payer.id, amount: amountMinor },
      ],
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "INSUFFICIENT_FUNDS") {
      throw new AppError("INSUFFICIENT_FUNDS", `The merchant's balance is too low to refund ${formatAmount(amountMinor, currency)} ${currency} (it was paid out).`, {
        details: error.details,
      });
    }
    throw error;
  }
  return tx.paymentRequestMovement.create({
    data: {
      requestId: request.id,
      type: "refund",
      txid,
      amountMinor,
      payerUserId,
      externalRef: options.externalRef,
      paymentTxid: payment.txid,
      state: "settled",
      createdAt: now,
    },
  });
}

/** What is left to refund of one payment: its amount less the refunds that name it. */
export async function refundableMinor(tx: Tx, payment: PaymentRequestMovement): Promise<bigint> {
  const refunds = await tx.paymentRequestMovement.findMany({
    where: { requestId: payment.requestId, type: "refund", paymentTxid: payment.txid },
    select: { amountMinor: true },
  });
  return refunds.reduce((left, refund) => left - refund.amountMinor, payment.amountMinor);
}

/** The payments of a request whose money the merchant received, oldest first. */
export function refundablePayments(tx: Tx, requestId: string): Promise<PaymentRequestMovement[]> {
  return tx.paymentRequestMovement.findMany({
    where: { requestId, type: "payment", state: { in: REFUNDABLE_STATES } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

async function pickPayment(tx: Tx, request: PaymentRequest, txid: string | undefined): Promise<PaymentRequestMovement> {
  const payments = await refundablePayments(tx, request.id);
  if (txid !== undefined) {
    const payment = payments.find((p) => p.txid === txid);
    if (!payment) throw new AppError("PAYMENT_NOT_FOUND", "This payment request has no payment with that txid to refund.", { details: { payment: txid.slice(0, 100) } });
    return payment;
  }
  const [only, ...others] = payments;
  if (!only) throw new AppError("INVALID_STATE", "This payment request has no payment to refund.", { details: { status: request.status } });
  if (others.length > 0) {
    throw new AppError("VALIDATION_ERROR", 'This payment request was paid in several payments: name the one to refund in "payment" (its txid).', {
      details: { issues: [{ path: "payment", message: "required when the request has several payments" }], payments: payments.map((p) => p.txid) },
    });
  }
  return only;
}

function parseRefundAmount(input: unknown, currency: string): bigint {
  if (typeof input !== "string") {
    throw new AppError("INVALID_AMOUNT", 'amount must be a decimal string such as "2.50".', { details: { field: "amount" } });
  }
  return parsePositiveAmount(input, currency);
}

/** The same reference again: the same refund when it asks the same, else 409 REPEAT_REFERENCE. */
function answerRepeat(repeat: PaymentRequestMovement, input: RefundInput, request: PaymentRequest): RefundJson {
  const currency = request.currency ?? "";
  let isSame = typeof input.amount === "string" && (input.payment === undefined || input.payment === repeat.paymentTxid);
  if (isSame) {
    try {
      isSame = parsePositiveAmount(input.amount as string, currency) === repeat.amountMinor;
    } catch {
      isSame = false;
    }
  }
  if (!isSame) {
    throw new AppError("REPEAT_REFERENCE", `A refund with externalRef "${repeat.externalRef}" was already made, for ${formatAmount(repeat.amountMinor, currency)} ${currency}.`, {
      details: { refund: toRefundJson(repeat, currency, request.status) },
    });
  }
  return toRefundJson(repeat, currency, request.status);
}

function toRefundJson(movement: PaymentRequestMovement, currency: string, status: string): RefundJson {
  return { id: movement.id, amount: formatAmount(movement.amountMinor, currency), txid: movement.txid, status };
}
