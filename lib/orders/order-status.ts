/** PaymentOrder states. Stored: pending | paid | cancelled; an unpaid order past its deadline reads as expired. */
export type StoredOrderStatus = "pending" | "paid" | "cancelled";
export type OrderStatus = StoredOrderStatus | "expired";

export function effectiveOrderStatus(order: { status: string; expiresAt: Date | null }, now = new Date()): OrderStatus {
  if (order.status === "pending" && order.expiresAt && order.expiresAt.getTime() <= now.getTime()) return "expired";
  return order.status as StoredOrderStatus;
}
