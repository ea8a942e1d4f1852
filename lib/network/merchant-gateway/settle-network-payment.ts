/**
 * POST /opencharge/payment/settle {txid, proof, signature} (Merchant Gateway API): the gateway that
 * created the payment brings the proof that a settlement provider we accept paid us for it. The proof is
 * verified as §8.3 says (received-proof.ts: issuer accepted, signature, to = us) and must name our txid
 * in `to.reference` with the payment's amount and currency (400 AMOUNT_MISMATCH / CURRENCY_MISMATCH).
 * ONE transaction then: completes the payment (a guarded transition: a second settle → 409 INVALID_STATE),
 * records the provider's proof as received (its txid can never pay anything again, here or at
 * /transfer/webhook), credits the request from the provider's nostro account (receive-network-payment.ts:
 * PROCESSING → DONE, …) and signs our own proof to the merchant — `to = {ocid: us, reference: request id}`.
 * → `{status: "completed", txid, proof, signature}`.
 */
import { z } from "zod";
import type { NetworkPayment } from "@/generated/prisma/client";
import { db, type Tx } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { kickDeliveryWorker } from "@/lib/deliveries/worker";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/handles/claim-handle";
import { getOrCreateAccount, ocidOwner } from "@/lib/ledger/accounts";
import { formatAmount } from "@/lib/money";
import { creditLocalRecipient } from "@/lib/network/local-recipient";
import { nextNetworkPaymentStatus } from "@/lib/network/merchant-gateway/network-payment-status";
import { verifyReceivedProof } from "@/lib/network/received-proof";
import { acceptedIssuers } from "@/lib/opencharge/capabilities";
import { getGatewayIdentity } from "@/lib/opencharge/identity";
import { resolveCounterparty } from "@/lib/opencharge/resolver";
import { signObject } from "@/lib/opencharge/signed-objects";
import { applyTransition } from "@/lib/payment-requests/apply-transition";
import { statusReasonText } from "@/lib/payment-requests/status-reasons";

export const settleNetworkPaymentBody = z.object({ txid: z.string().min(1).max(200), proof: z.unknown().optional(), signature: z.unknown().optional() });

export type SettledProof = {
  txid: string;
  issuer: number;
  from: { ocid: number };
  to: { ocid: number; reference: string };
  amount: string;
  currency: string;
  timestamp: number;
};

export type SettleAnswer = { status: "completed"; txid: string; proof: SettledProof; signature: string };

export async function settleNetworkPayment(options: { payerOcid: number; body: z.infer<typeof settleNetworkPaymentBody>; now?: Date }): Promise<SettleAnswer> {
  const now = options.now ?? new Date();
  const { txid } = options.body;
  const payment = await findOwnPayment(options.payerOcid, txid);
  if (payment.status === "pending_settlement" && payment.expiresAt <= now) {
    await expireNetworkPayment(payment.txid, now);
    throw new AppError("PAYMENT_EXPIRED", "This payment expired before it was settled.");
  }
  nextNetworkPaymentStatus(payment.status, "settle"); // a second settle: 409 INVALID_STATE

  const verified = await verifyReceivedProof({ proof: options.body.proof, signature: options.body.signature }, { acceptedIssuers: acceptedIssuers() });
  const { proof, amountMinor } = verified;
  if (proof.to.reference !== payment.txid) {
    throw new AppError("INVALID_PROOF", `The proof pays reference "${String(proof.to.reference ?? "").slice(0, 100)}", not this payment (${payment.txid}).`);
  }
  if (proof.currency !== payment.currency) {
    throw new AppError("CURRENCY_MISMATCH", `The proof is in ${proof.currency}; this payment is in ${payment.currency}.`);
  }
  if (amountMinor !== payment.amountMinor) {
    throw new AppError("AMOUNT_MISMATCH", `The proof pays ${proof.amount}; this payment is ${formatAmount(payment.amountMinor, payment.currency)} ${payment.currency}.`);
  }
  const issuerName = await resolveCounterparty(proof.issuer).then((c) => c.name, () => `OCID ${proof.issuer}`);
  const ours: SettledProof = {
    txid: payment.txid,
    issuer: getGatewayIdentity().ocid,
    from: { ocid: payment.payerOcid },
    to: { ocid: getGatewayIdentity().ocid, reference: payment.paymentRequestId },
    amount: formatAmount(payment.amountMinor, payment.currency),
    currency: payment.currency,
    timestamp: Math.floor(now.getTime() / 1000),
  };
  const signature = signObject(ours);

  let callbackEnqueued = false;
  try {
    callbackEnqueued = await inTransaction(undefined, async (tx) => {
      const claimed = await tx.networkPayment.updateMany({
        where: { txid: payment.txid, status: "pending_settlement" },
        data: {
          status: nextNetworkPaymentStatus("pending_settlement", "settle"),
          settledIssuer: proof.issuer,
          settledTxid: proof.txid,
          proofJson: JSON.stringify(ours),
          signature,
          updatedAt: now,
        },
      });
      if (claimed.count !== 1) {
        const current = await tx.networkPayment.findUniqueOrThrow({ where: { txid: payment.txid }, select: { status: true } });
        nextNetworkPaymentStatus(current.status, "settle");
      }
      const used = await tx.receivedProof.findUnique({ where: { issuer_txid: { issuer: proof.issuer, txid: proof.txid } }, select: { id: true } });
      if (used) throw proofUsed();
      const request = await tx.paymentRequest.findUniqueOrThrow({ where: { id: payment.paymentRequestId } });
      const source = await getOrCreateAccount(tx, { type: "nostro", owner: ocidOwner(proof.issuer), currency: payment.currency });
      const credit = await creditLocalRecipient(tx, {
        recipient: { kind: "payment_request", request },
        sourceAccountId: source.id,
        amountMinor,
        currency: payment.currency,
        txid: payment.txid,
        payerOcid: payment.payerOcid,
        kind: "network_payment",
        description: `Paid through ${issuerName} for gateway ${payment.payerOcid}`,
        now,
      });
      await tx.receivedProof.create({
        data: {
          issuer: proof.issuer,
          txid: proof.txid,
          senderOcid: options.payerOcid,
          proofJson: JSON.stringify(verified.rawProof),
          signature: verified.signature,
          amountMinor,
          currency: payment.currency,
          creditedTo: credit.creditedTo,
          paymentRequestId: request.id,
          requestStatus: credit.requestStatus,
          ledgerTxId: credit.ledgerTxId,
          createdAt: now,
        },
      });
      return credit.callbackEnqueued;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw proofUsed();
    throw error;
  }
  if (callbackEnqueued) kickDeliveryWorker();
  return { status: "completed", txid: payment.txid, proof: ours, signature };
}

const proofUsed = () => new AppError("INVALID_PROOF", "This proof was already used to pay; a proof pays once.");

/** The caller's own payment; anyone else's is indistinguishable from none (404 PAYMENT_NOT_FOUND). */
async function findOwnPayment(payerOcid: number, txid: string): Promise<NetworkPayment> {
  const client = await db();
  const payment = await client.networkPayment.findUnique({ where: { txid } });
  if (!payment || payment.payerOcid !== payerOcid) throw new AppError("PAYMENT_NOT_FOUND", "No such payment.");
  return payment;
}

/**
 * A payment not settled in time: expired, and its request, if still PROCESSING for it, open again
 * (CREATED; its own expiry then applies). Returns whether it changed anything.
 */
export async function expireNetworkPayment(txid: string, now: Date): Promise<boolean> {
  const result = await inTransaction(undefined, (tx) => expireInTx(tx, txid, now));
  if (result.callbackEnqueued) kickDeliveryWorker();
  return result.changed;
}

async function expireInTx(tx: Tx, txid: string, now: Date): Promise<{ changed: boolean; callbackEnqueued: boolean }> {
  const expired = await tx.networkPayment.updateMany({
    where: { txid, status: "pending_settlement", expiresAt: { lte: now } },
    data: { status: nextNetworkPaymentStatus("pending_settlement", "expire"), updatedAt: now },
  });
  if (expired.count !== 1) return { changed: false, callbackEnqueued: false };
  const payment = await tx.networkPayment.findUniqueOrThrow({ where: { txid } });
  const request = await tx.paymentRequest.findUniqueOrThrow({ where: { id: payment.paymentRequestId } });
  if (request.status !== "PROCESSING") return { changed: true, callbackEnqueued: false };
  const others = await tx.networkPayment.count({ where: { paymentRequestId: request.id, status: "pending_settlement" } });
  if (others > 0) return { changed: true, callbackEnqueued: false };
  const transition = await applyTransition(tx, {
    request,
    event: "network_abandon",
    reason: statusReasonText({ code: "networkTimeout", ocid: payment.payerOcid }),
    now,
  });
  return { changed: true, callbackEnqueued: transition.callbackEnqueued };
}

/** The worker's sweep: every pending payment past its time. */
export async function expireDueNetworkPayments(now = new Date()): Promise<number> {
  const client = await db();
  const due = await client.networkPayment.findMany({ where: { status: "pending_settlement", expiresAt: { lte: now } }, select: { txid: true }, take: 100 });
  let changed = 0;
  for (const { txid } of due) if (await expireNetworkPayment(txid, now)) changed++;
  return changed;
}
