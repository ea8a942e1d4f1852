import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { userOwner } from "@/lib/ledger/accounts";
import { formatAmount } from "@/lib/money";
import { orderIdOfPostingKey } from "@/lib/orders/payment-posting-key";
import { toMerchantView, toOrderView, type MerchantView, type OrderView } from "@/lib/orders/order-view";
import { effectivePaySessionStatus } from "@/lib/pay-sessions/pay-session-status";
import { parseTransferDescription, USER_TRANSFER_KIND } from "@/lib/wallet/transfer-description";

/**
 * Whether the merchant (or its gateway) has acknowledged the payment, from the outbox delivery of its
 * proof: "acknowledged" (it accepted the proof), "pending" (not yet: being delivered or retried),
 * "refused" (it answered and did not accept it), "unreachable" (no answer for 24 hours). The payment
 * itself stands either way; the operator sees the last two in `deliveries:list`. "partner": paid through
 * a partner of the network (settlement out), which issued and delivered the merchant's proof itself and
 * answered us with it — we send no proof of our own, so there is nothing of ours to acknowledge.
 */
export type MerchantAcknowledgement = "acknowledged" | "pending" | "refused" | "unreachable" | "partner";

/** A payment of a merchant's signed order (QR code or hosted checkout). */
export type Receipt = {
  txid: string;
  paidAt: number;
  merchant: MerchantView;
  order: OrderView;
  merchantAcknowledgement: MerchantAcknowledgement;
};

/**
 * What a receipt is of. Every movement of the user's money has one (top-up, payment, refund, transfer,
 * payout, money from the network), and so has an order the user declined or let expire (no money moved).
 */
export type ReceiptKind =
  | "topup"
  | "payment"
  | "request_payment"
  | "reservation"
  | "refund"
  | "transfer_sent"
  | "transfer_received"
  | "payout"
  | "network_in"
  | "returned"
  | "declined"
  | "expired"
  | "other";

export type ReceiptStatus = "completed" | "reserved" | "released" | "declined" | "expired";

export type Counterparty =
  | { kind: "merchant"; name: string; handle?: string; ocid?: number }
  | { kind: "user"; handle: string; name?: string | null }
  | { kind: "operator" }
  | { kind: "network"; ocid: number };

export type MovementReceipt = {
  /** The receipt's id: `/wallet/receipts/{id}` and `GET /api/wallet/receipts/{id}`. */
  id: string;
  /** The movement's transaction id (a payment's proof txid, a transfer's txid). */
  txid: string;
  kind: ReceiptKind;
  status: ReceiptStatus;
  /** Money in, out, or none (a declined or expired order). */
  direction: "in" | "out" | "none";
  /** Unsigned decimal string. */
  amount: string;
  currency: string;
  /** When it happened (ISO 8601). */
  at: string;
  counterparty: Counterparty | null;
  memo?: string;
  /** For a payment request's movements: the request, whose page `/pay/{id}` has its details. */
  paymentRequestId?: string;
  /** For a paid order: how it came (the user's QR code or a hosted checkout). */
  source?: "qr" | "checkout";
  /** For order payments, declined and expired orders: the order and its merchant. */
  order?: OrderView;
  merchantAcknowledgement?: MerchantAcknowledgement;
  /** Order payments also carry the fields of the payment receipt (Receipt): when, in Unix seconds, and to whom. */
  paidAt?: number;
  merchant?: MerchantView;
  /** Anything else: the posting's own words. */
  description?: string;
};

const ACKNOWLEDGEMENT_BY_DELIVERY_STATUS: Record<string, MerchantAcknowledgement> = {
  pending: "pending",
  delivered: "acknowledged",
  rejected: "refused",
  failed: "unreachable",
};

const notFound = () => new AppError("NOT_FOUND", "No such receipt.");

/** A payment the user made, by its transfer id; anyone else's is indistinguishable from none. */
export async function getReceiptForUserOrThrow(options: { txid: string; userId: string }): Promise<Receipt> {
  const client = await db();
  const order = await client.paymentOrder.findFirst({ where: { txid: options.txid, payerUserId: options.userId, status: "paid" } });
  if (!order?.txid || !order.paidAt) throw notFound();
  const [delivery, settlement] = await Promise.all([
    client.delivery.findFirst({ where: { proofTxid: order.txid }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { status: true } }),
    client.settlement.findUnique({ where: { orderId: order.id }, select: { status: true } }),
  ]);
  const { expiresAt: _deadline, ...orderView } = toOrderView(order); // a paid order's deadline no longer matters
  return {
    txid: order.txid,
    paidAt: Math.floor(order.paidAt.getTime() / 1000),
    merchant: toMerchantView(order),
    order: orderView,
    merchantAcknowledgement:
      !delivery && settlement?.status === "completed" ? "partner" : (ACKNOWLEDGEMENT_BY_DELIVERY_STATUS[delivery?.status ?? "pending"] ?? "pending"),
  };
}

/**
 * The receipt named `id`, if it is the user's: a paid order's txid, a payment request movement's txid, a
 * pay session the user declined or let expire after an order arrived, or the id of a ledger posting that
 * moved the user's money. Anyone else's is NOT_FOUND, exactly like one that does not exist.
 */
export async function getMovementReceiptForUserOrThrow(options: { id: string; userId: string }): Promise<MovementReceipt> {
  const { id, userId } = options;
  if (!/^[A-Za-z0-9_:-]{1,100}$/.test(id)) throw notFound();
  return (
    (await orderPaymentReceipt(id, userId)) ??
    (await requestMovementReceipt(id, userId)) ??
    (await unpaidOrderReceipt(id, userId)) ??
    (await postingReceipt(id, userId)) ??
    Promise.reject(notFound())
  );
}

async function orderPaymentReceipt(id: string, userId: string): Promise<MovementReceipt | null> {
  let payment: Receipt;
  try {
    payment = await getReceiptForUserOrThrow({ txid: id, userId });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
  const client = await db();
  const order = await client.paymentOrder.findUniqueOrThrow({ where: { txid: id }, select: { source: true, amount: true, currency: true, memo: true } });
  return {
    id,
    txid: payment.txid,
    kind: "payment",
    status: "completed",
    direction: "out",
    amount: order.amount,
    currency: order.currency,
    at: new Date(payment.paidAt * 1000).toISOString(),
    counterparty: { kind: "merchant", name: payment.merchant.name, ocid: payment.merchant.ocid },
    ...(order.memo ? { memo: order.memo } : {}),
    source: order.source === "checkout" ? "checkout" : "qr",
    order: payment.order,
    merchantAcknowledgement: payment.merchantAcknowledgement,
    paidAt: payment.paidAt,
    merchant: payment.merchant,
  };
}

async function requestMovementReceipt(txid: string, userId: string): Promise<MovementReceipt | null> {
  const client = await db();
  const movement = await client.paymentRequestMovement.findUnique({
    where: { txid },
    include: { request: { select: { id: true, currency: true, description: true, merchant: { select: { name: true, handle: true } } } } },
  });
  if (!movement || movement.payerUserId !== userId || !movement.request.currency) return null;
  const currency = movement.request.currency;
  const isRefund = movement.type === "refund";
  const kind: ReceiptKind = isRefund ? "refund" : movement.state === "held" || movement.state === "released" ? "reservation" : "request_payment";
  const status: ReceiptStatus = movement.state === "held" ? "reserved" : movement.state === "released" ? "released" : "completed";
  return {
    id: txid,
    txid,
    kind,
    status,
    direction: isRefund ? "in" : "out",
    amount: formatAmount(movement.amountMinor, currency),
    currency,
    at: movement.createdAt.toISOString(),
    counterparty: { kind: "merchant", name: movement.request.merchant.name, handle: movement.request.merchant.handle },
    ...(movement.request.description ? { memo: movement.request.description } : {}),
    paymentRequestId: movement.request.id,
  };
}

/** An order that reached the user's QR code and was declined, or expired unpaid: in the history, no money moved. */
async function unpaidOrderReceipt(id: string, userId: string): Promise<MovementReceipt | null> {
  const client = await db();
  const session = await client.paySession.findFirst({ where: { id, userId }, include: { order: true } });
  if (!session?.order) return null;
  const status = effectivePaySessionStatus(session, session.order);
  if (status !== "declined" && status !== "expired") return null;
  const order = session.order;
  const at = status === "declined" ? session.updatedAt : (order.expiresAt ?? session.expiresAt);
  return {
    id,
    txid: id,
    kind: status,
    status,
    direction: "none",
    amount: order.amount,
    currency: order.currency,
    at: at.toISOString(),
    counterparty: { kind: "merchant", name: order.merchantName, ocid: order.merchantOcid },
    ...(order.memo ? { memo: order.memo } : {}),
    source: "qr",
    order: toOrderView(order),
    merchant: toMerchantView(order),
  };
}

async function postingReceipt(id: string, userId: string): Promise<MovementReceipt | null> {
  const client = await db();
  const posting = await client.ledgerTransaction.findUnique({
    where: { id },
    include: { entries: { include: { account: { select: { type: true, owner: true, currency: true } } } } },
  });
  if (!posting) return null;
  const own = posting.entries.find((e) => e.account.type === "user" && e.account.owner === userOwner(userId));
  if (!own) return null;
  // A payment request's posting (payment, hold, capture, release, refund): its movement's receipt.
  const movementTxid = posting.kind.startsWith("payment_request") ? /^payment_request[a-z_]*:(.+)$/.exec(posting.idempotencyKey ?? "")?.[1] : undefined;
  if (movementTxid) return requestMovementReceipt(movementTxid, userId);
  // An order's payment posting: the order's receipt, once it has its txid.
  const orderId = orderIdOfPostingKey(posting.idempotencyKey);
  if (orderId) {
    const order = await client.paymentOrder.findFirst({ where: { id: orderId, payerUserId: userId }, select: { txid: true } });
    const receipt = order?.txid ? await orderPaymentReceipt(order.txid, userId) : null;
    if (receipt) return receipt;
  }
  const other = posting.entries.find((e) => e !== own)?.account;
  const isIncoming = own.amount > 0n;
  const base = {
    id,
    txid: id,
    status: "completed" as const,
    direction: isIncoming ? ("in" as const) : ("out" as const),
    amount: formatAmount(own.amount < 0n ? -own.amount : own.amount, own.account.currency),
    currency: own.account.currency,
    at: posting.createdAt.toISOString(),
  };
  switch (posting.kind) {
    case "topup":
      return { ...base, kind: "topup", counterparty: { kind: "operator" } };
    case USER_TRANSFER_KIND: {
      const parts = parseTransferDescription(posting.description);
      if (!parts) break;
      const handle = isIncoming ? parts.from : parts.to;
      const person = await client.user.findUnique({ where: { handle }, select: { name: true } });
      return {
        ...base,
        kind: isIncoming ? "transfer_received" : "transfer_sent",
        counterparty: { kind: "user", handle, name: person?.name ?? null },
        ...(parts.memo ? { memo: parts.memo } : {}),
      };
    }
    case "payout": {
      const merchantId = other?.owner.startsWith("merchant:") ? other.owner.slice("merchant:".length) : null;
      const merchant = merchantId ? await client.merchant.findUnique({ where: { id: merchantId }, select: { name: true, handle: true } }) : null;
      return { ...base, kind: "payout", counterparty: merchant ? { kind: "merchant", name: merchant.name, handle: merchant.handle } : null };
    }
    case "network_in":
    case "partner_transfer": {
      const ocid = other?.owner.startsWith("ocid:") ? Number(other.owner.slice("ocid:".length)) : NaN;
      return { ...base, kind: "network_in", counterparty: Number.isInteger(ocid) ? { kind: "network", ocid } : null, description: posting.description };
    }
    case "settlement_reversal":
      return { ...base, kind: "returned", counterparty: null };
  }
  return { ...base, kind: "other", counterparty: null, description: posting.description };
}
