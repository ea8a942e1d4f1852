import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { toMerchantView, toOrderView, type MerchantView, type OrderView } from "@/lib/orders/order-view";

/**
 * Whether the merchant (or its gateway) has acknowledged the payment, from the outbox delivery of its
 * proof: "acknowledged" (it accepted the proof), "pending" (not yet: being delivered or retried),
 * "refused" (it answered and did not accept it), "unreachable" (no answer for 24 hours). The payment
 * itself stands either way; the operator sees the last two in `deliveries:list`.
 */
export type MerchantAcknowledgement = "acknowledged" | "pending" | "refused" | "unreachable";

export type Receipt = {
  txid: string;
  paidAt: number;
  merchant: MerchantView;
  order: OrderView;
  merchantAcknowledgement: MerchantAcknowledgement;
};

const ACKNOWLEDGEMENT_BY_DELIVERY_STATUS: Record<string, MerchantAcknowledgement> = {
  pending: "pending",
  delivered: "acknowledged",
  rejected: "refused",
  failed: "unreachable",
};

/** A payment the user made, by its transfer id; anyone else's is indistinguishable from none. */
export async function getReceiptForUserOrThrow(options: { txid: string; userId: string }): Promise<Receipt> {
  const client = await db();
  const order = await client.paymentOrder.findFirst({ where: { txid: options.txid, payerUserId: options.userId, status: "paid" } });
  if (!order?.txid || !order.paidAt) throw new AppError("NOT_FOUND", "No such receipt.");
  const delivery = await client.delivery.findFirst({ where: { proofTxid: order.txid }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { status: true } });
  const { expiresAt: _deadline, ...orderView } = toOrderView(order); // a paid order's deadline no longer matters
  return {
    txid: order.txid,
    paidAt: Math.floor(order.paidAt.getTime() / 1000),
    merchant: toMerchantView(order),
    order: orderView,
    merchantAcknowledgement: ACKNOWLEDGEMENT_BY_DELIVERY_STATUS[delivery?.status ?? "pending"] ?? "pending",
  };
}
