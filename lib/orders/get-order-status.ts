import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { effectiveOrderStatus, publicOrderStatus } from "@/lib/orders/order-status";

export type OrderStatusView = { orderId: string; status: ReturnType<typeof publicOrderStatus>; paidAt?: number; txid?: string };

/**
 * GET /opencharge/orders/{orderId}/status (reference §7.5), a public route. Order ids are unique per
 * merchant only, so the most relevant order with that id answers (a paid one first, else the newest).
 */
export async function getOrderStatus(options: { orderId: string; now?: Date }): Promise<OrderStatusView> {
  const client = await db();
  const orders = await client.paymentOrder.findMany({
    where: { merchantOrderId: options.orderId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 20,
  });
  const order = orders.find((o) => o.status === "paid") ?? orders[0];
  if (!order) throw new AppError("ORDER_NOT_FOUND", "No such order.");
  const status = publicOrderStatus(effectiveOrderStatus(order, options.now));
  return {
    orderId: order.merchantOrderId,
    status,
    ...(status === "paid" && order.paidAt ? { paidAt: Math.floor(order.paidAt.getTime() / 1000) } : {}),
    ...(status === "paid" && order.txid ? { txid: order.txid } : {}),
  };
}
