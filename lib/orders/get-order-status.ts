import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { effectiveOrderStatus, type OrderStatus } from "@/lib/orders/order-status";

export type OrderStatusView = { orderId: string; status: OrderStatus; paidAt?: number; txid?: string };

/**
 * GET /opencharge/orders/{orderId}/status (reference §7.5). Order ids are unique per merchant only:
 * when the caller is an authenticated merchant the lookup is scoped to it; otherwise the most relevant
 * order with that id answers (a paid one first, else the newest).
 */
export async function getOrderStatus(options: { orderId: string; merchantOcid?: number; now?: Date }): Promise<OrderStatusView> {
  const client = await db();
  const orders = await client.paymentOrder.findMany({
    where: { merchantOrderId: options.orderId, ...(options.merchantOcid ? { merchantOcid: options.merchantOcid } : {}) },
    orderBy: { createdAt: "desc" },
    take: 20,
  });
  const order = orders.find((o) => o.status === "paid") ?? orders[0];
  if (!order) throw new AppError("ORDER_NOT_FOUND", "No such order.");
  const status = effectiveOrderStatus(order, options.now);
  return {
    orderId: order.merchantOrderId,
    status,
    ...(status === "paid" && order.paidAt ? { paidAt: Math.floor(order.paidAt.getTime() / 1000) } : {}),
    ...(status === "paid" && order.txid ? { txid: order.txid } : {}),
  };
}
