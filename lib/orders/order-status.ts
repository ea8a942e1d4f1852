/**
 * PaymentOrder states. Stored: pending | settling | paid | failed | cancelled; an unpaid (pending) order
 * past its deadline reads as expired. `settling`: being paid through a partner (lib/settlement/), the
 * payer's money already on its way, so it never expires; `failed`: that settlement did not happen and
 * the payer's money went back.
 */
export type StoredOrderStatus = "pending" | "settling" | "paid" | "failed" | "cancelled";
export type OrderStatus = StoredOrderStatus | "expired";

export function effectiveOrderStatus(order: { status: string; expiresAt: Date | null }, now = new Date()): OrderStatus {
  if (order.status === "pending" && order.expiresAt && order.expiresAt.getTime() <= now.getTime()) return "expired";
  return order.status as StoredOrderStatus;
}

/** What GET /orders/{id}/status tells a merchant (pending | paid | expired | cancelled, reference §7.5). */
export function publicOrderStatus(status: OrderStatus): "pending" | "paid" | "expired" | "cancelled" {
  if (status === "settling") return "pending";
  if (status === "failed") return "cancelled";
  return status;
}
