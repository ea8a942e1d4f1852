/**
 * Pays a received merchant order from a wallet user's balance by direct settlement: the order accepts
 * our own proofs (or, for checkout, the merchant gateway that brought it). Shared by the QR flow and
 * hosted checkout; which path pays an order is decided by lib/settlement/pay-merchant-order.ts, and an
 * order that accepts only other gateways is paid through lib/settlement/settle-through-partner.ts.
 * Inside the caller's transaction it claims the order (guarded update, so concurrent confirms cannot
 * both win), posts the balanced ledger movement, signs the transfer proof and writes its delivery to the
 * outbox. Any failure (e.g. insufficient funds) rolls all of it back.
 */
import { randomBytes } from "node:crypto";
import type { PaymentOrder } from "@/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { enqueueDelivery } from "@/lib/deliveries/enqueue-delivery";
import { AppError } from "@/lib/errors";
import { getOrCreateAccount, ocidOwner, userOwner } from "@/lib/ledger/accounts";
import { postTransaction } from "@/lib/ledger/post-transaction";
import { DEFAULT_CHECKOUT_PROOF_TO, findCounterpartySource } from "@/lib/opencharge/counterparty-sources";
import { getGatewayIdentity } from "@/lib/opencharge/identity";
import { pickSigningProfile, signObjectForProfile, SPEC_SIGNING_PROFILE } from "@/lib/opencharge/signing-profile";
import { effectiveOrderStatus } from "@/lib/orders/order-status";
import { paidKeyOf, paymentPostingKey } from "@/lib/orders/payment-posting-key";

export type TransferProof = {
  txid: string;
  issuer: number;
  from: { ocid: number; reference: string };
  to: { ocid: number; reference: string };
  amount: string;
  currency: string;
  timestamp: number;
};

export type PayOrderResult = { txid: string; proof: TransferProof; signature: string; deliveryId: string };

export async function payOrder(
  tx: Tx,
  options: {
    orderId: string;
    userId: string;
    description: string;
    /**
     * The hosted checkout session that brought the order. Reference §7.3 leaves the proof's recipient
     * open; a merchant gateway gets {gateway, session id} (`checkoutProofTo: "gateway"`, the default: we
     * credit the gateway, and its docs' webhook code requires to.ocid to be itself) unless its settings
     * say "merchant": {merchant OCID, merchant's order id} (reference §8.2).
     */
    checkoutSessionId?: string;
    now?: Date;
  },
): Promise<PayOrderResult> {
  const now = options.now ?? new Date();
  const identity = getGatewayIdentity();
  const { order, txid } = await claimOrderForPayment(tx, { orderId: options.orderId, userId: options.userId, status: "paid", now });

  const payer = await getOrCreateAccount(tx, { type: "user", owner: userOwner(options.userId), currency: order.currency, userId: options.userId });
  // Direct settlement: we owe the counterparty that delivered the order (the merchant, or its gateway for checkout).
  const payee = await getOrCreateAccount(tx, { type: "merchant", owner: ocidOwner(order.senderOcid), currency: order.currency });
  const posting = await postTransaction(tx, {
    kind: "payment",
    description: options.description,
    idempotencyKey: paymentPostingKey(order.id),
    legs: [
      { accountId: payer.id, amount: -order.amountMinor },
      { accountId: payee.id, amount: order.amountMinor },
    ],
  });

  // The counterparty that delivered the order (merchant, or merchant gateway): how it wants its proofs.
  const settings = await findCounterpartySource(order.senderOcid, tx);
  const isProofToGateway =
    options.checkoutSessionId !== undefined && (settings?.checkoutProofTo ?? DEFAULT_CHECKOUT_PROOF_TO) === "gateway";
  const proof: TransferProof = {
    txid,
    issuer: identity.ocid,
    // The payer side is named by our ledger posting, not the user's id: merchants need no stable user handle.
    from: { ocid: identity.ocid, reference: posting.id },
    to: isProofToGateway
      ? { ocid: order.senderOcid, reference: options.checkoutSessionId! }
      : { ocid: order.merchantOcid, reference: order.merchantOrderId },
    // Copied verbatim: merchants compare amount and currency as strings (reference §6).
    amount: order.amount,
    currency: order.currency,
    timestamp: Math.floor(now.getTime() / 1000),
  };
  // Signed as this counterparty's profile says; the delivery worker re-signs the same proof if the profile
  // changes (or is learned) before it is delivered.
  const profile = settings ? pickSigningProfile(settings) : SPEC_SIGNING_PROFILE;
  const canonicalMode = profile.proofCanonicalMode;
  const signature = signObjectForProfile(proof, profile);
  await tx.transferProof.create({
    data: { txid, orderId: order.id, proofJson: JSON.stringify(proof), signature, canonicalMode },
  });
  const delivery = await enqueueDelivery(tx, {
    kind: "transfer.webhook",
    targetOcid: order.senderOcid,
    path: "/transfer/webhook",
    body: JSON.stringify({ proof, signature }),
    proofTxid: txid,
    now,
  });
  return { txid, proof, signature, deliveryId: delivery.id };
}

/**
 * Claims a pending order for one payer with a guarded update (concurrent confirms: exactly one wins) and
 * gives it our txid. `paidKey` is set now, so the same merchant order cannot be paid through another
 * session meanwhile (ORDER_ALREADY_PAID). Direct payments go straight to "paid"; a payment through a
 * partner goes to "settling" until its hops end (lib/settlement/).
 */
export async function claimOrderForPayment(
  tx: Tx,
  options: { orderId: string; userId: string; status: "paid" | "settling"; now: Date },
): Promise<{ order: PaymentOrder; txid: string }> {
  const { now } = options;
  const order = await tx.paymentOrder.findUnique({ where: { id: options.orderId } });
  if (!order) throw new AppError("NOT_FOUND", "No such order.");
  const status = effectiveOrderStatus(order, now);
  if (status !== "pending") {
    throw new AppError("INVALID_STATE", stateMessage(status), { details: { status } });
  }
  const txid = `oc_${randomBytes(16).toString("hex")}`;
  const claimed = await tx.paymentOrder.updateMany({
    where: { id: order.id, status: "pending" },
    data: {
      status: options.status,
      payerUserId: options.userId,
      paidAt: options.status === "paid" ? now : null,
      txid,
      paidKey: paidKeyOf(order.merchantOcid, order.merchantOrderId),
    },
  }).catch((error: { code?: string }) => {
    // paidKey is unique: this merchant order was already paid through another session.
    if (error.code === "P2002") throw new AppError("ORDER_ALREADY_PAID", "This order has already been paid.");
    throw error;
  });
  if (claimed.count !== 1) throw new AppError("INVALID_STATE", "This order is no longer payable.", { details: { status: "paid" } });
  return { order, txid };
}

function stateMessage(status: string): string {
  switch (status) {
    case "paid":
      return "This order has already been paid.";
    case "settling":
      return "This order is being paid.";
    case "cancelled":
      return "This order was cancelled and can no longer be paid.";
    case "expired":
      return "This order has expired and can no longer be paid.";
    default:
      return "This order cannot be paid now.";
  }
}
