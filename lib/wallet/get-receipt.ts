import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { toMerchantView, toOrderView, type MerchantView, type OrderView } from "@/lib/orders/order-view";

export type Receipt = { txid: string; paidAt: number; merchant: MerchantView; order: OrderView };

/** A payment the user made, by its transfer id; anyone else's is indistinguishable from none. */
export async function getReceiptForUserOrThrow(options: { txid: string; userId: string }): Promise<Receipt> {
  const client = await db();
  const order = await client.paymentOrder.findFirst({ where: { txid: options.txid, payerUserId: options.userId, status: "paid" } });
  if (!order?.txid || !order.paidAt) throw new AppError("NOT_FOUND", "No such receipt.");
  const { expiresAt: _deadline, ...orderView } = toOrderView(order); // a paid order's deadline no longer matters
  return { txid: order.txid, paidAt: Math.floor(order.paidAt.getTime() / 1000), merchant: toMerchantView(order), order: orderView };
}
