/**
 * POST /opencharge/payment/create (Merchant Gateway API, §9 "common third party" seen from the merchant's
 * gateway — us): another gateway announces it will pay one of our merchants' payment requests through a
 * settlement provider. `to` is the merchant's OCID — ours, since our merchants are paid through us — and
 * `order.id` (or `reference`) names the request. The amount must be what is due (up to it for a split
 * payment; anything for an amount-less request) in the request's currency. A request still CREATED
 * becomes PROCESSING (our own wallet then refuses to pay it twice) until the payment is settled or its
 * time runs out. → `{status: "pending_settlement", txid, amount, currency, expiresAt, settlement: {accepts}}`.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { inTransaction } from "@/lib/db/transaction";
import { kickDeliveryWorker } from "@/lib/deliveries/worker";
import { AppError } from "@/lib/errors";
import { formatAmount, parsePositiveAmount } from "@/lib/money";
import { acceptedIssuers } from "@/lib/opencharge/capabilities";
import { getGatewayIdentity } from "@/lib/opencharge/identity";
import { applyTransition } from "@/lib/payment-requests/apply-transition";
import { expirePaymentRequestIfDue } from "@/lib/payment-requests/expire-payment-request-if-due";
import { amountDueMinor } from "@/lib/payment-requests/payment-request-view";
import { nextStatus, type PaymentRequestStatus } from "@/lib/payment-requests/status";
import { statusReasonText } from "@/lib/payment-requests/status-reasons";

/** A payment not settled within this (or the request's own expiry, if sooner) expires. */
export const NETWORK_PAYMENT_TTL_SECONDS = 3600;

export const createNetworkPaymentBody = z.object({
  to: z.number().int().positive().max(2_147_483_647),
  amount: z.string().min(1).max(40),
  currency: z.string().min(1).max(16),
  reference: z.string().max(200).optional(),
  memo: z.string().max(500).optional(),
  expiresAt: z.number().int().nonnegative().optional(),
  order: z.object({ id: z.string().min(1).max(200), urls: z.array(z.string().max(2000)).max(10).optional() }).optional(),
});
export type CreateNetworkPaymentInput = z.infer<typeof createNetworkPaymentBody>;

export type NetworkPaymentCreated = {
  status: "pending_settlement";
  txid: string;
  amount: string;
  currency: string;
  expiresAt: number;
  settlement: { accepts: number[] };
};

export async function createNetworkPayment(options: { payerOcid: number; input: CreateNetworkPaymentInput; now?: Date }): Promise<NetworkPaymentCreated> {
  const { input, payerOcid } = options;
  const now = options.now ?? new Date();
  if (input.to !== getGatewayIdentity().ocid) {
    throw new AppError("MERCHANT_NOT_REGISTERED", `OCID ${input.to} is not a merchant of this gateway; our merchants are paid at OCID ${getGatewayIdentity().ocid}.`);
  }
  const requestId = input.order?.id ?? input.reference;
  if (!requestId) throw new AppError("ORDER_NOT_FOUND", "Name the payment request in order.id.");
  const currency = input.currency.trim().toUpperCase();
  const amountMinor = parsePositiveAmount(input.amount, currency);
  const txid = `mg_${randomBytes(16).toString("hex")}`;

  const outcome = await inTransaction(undefined, async (tx) => {
    const request = await tx.paymentRequest.findUnique({ where: { id: requestId } });
    if (!request || request.payerUserId !== null) throw new AppError("ORDER_NOT_FOUND", "No such order.");
    const expired = await expirePaymentRequestIfDue(tx, request, now);
    if (expired) return { expired };
    const status = request.status as PaymentRequestStatus;
    if (status !== "INCOMPLETE") nextStatus(status, "network_begin"); // paid, cancelled, being paid elsewhere…: refused as the status says
    if (request.notBefore && request.notBefore > now) {
      throw new AppError("REQUEST_NOT_YET_VALID", `This payment request can be paid from ${request.notBefore.toISOString()}.`, {
        details: { notBefore: request.notBefore.toISOString() },
      });
    }
    if (request.currency !== null && request.currency !== currency) {
      throw new AppError("CURRENCY_MISMATCH", `This payment request is in ${request.currency}.`, { details: { currency: request.currency } });
    }
    const due = amountDueMinor(request);
    if (due !== null && (amountMinor > due || (!request.partialAllowed && amountMinor !== due))) {
      throw new AppError("AMOUNT_MISMATCH", `The amount due is ${formatAmount(due, currency)} ${currency}.`, { details: { amountDue: formatAmount(due, currency) } });
    }
    const limit = Math.min(request.expiresAt.getTime(), now.getTime() + NETWORK_PAYMENT_TTL_SECONDS * 1000, input.expiresAt ? input.expiresAt * 1000 : Infinity);
    const expiresAt = new Date(Math.max(limit, now.getTime() + 1000));
    const transition =
      status === "CREATED"
        ? await applyTransition(tx, { request, event: "network_begin", reason: statusReasonText({ code: "networkBegin", ocid: payerOcid }), now })
        : null;
    await tx.networkPayment.create({
      data: { txid, paymentRequestId: request.id, payerOcid, amountMinor, currency, status: "pending_settlement", expiresAt, createdAt: now, updatedAt: now },
    });
    return { created: { expiresAt }, callbackEnqueued: transition?.callbackEnqueued ?? false };
  });
  if ("expired" in outcome && outcome.expired) {
    if (outcome.expired.callbackEnqueued) kickDeliveryWorker();
    throw new AppError("REQUEST_EXPIRED", "This payment request has expired.");
  }
  if (outcome.callbackEnqueued) kickDeliveryWorker();
  return {
    status: "pending_settlement",
    txid,
    amount: formatAmount(amountMinor, currency),
    currency,
    expiresAt: Math.floor(outcome.created!.expiresAt.getTime() / 1000),
    settlement: { accepts: acceptedIssuers() },
  };
}
