/**
 * Pay session (user-presented QR) state machine:
 *   pending → order_received → completed | declined | failed
 *   pending → declined (the user closes the QR); pending or order_received → expired (by time)
 * Stored statuses never include "expired": it is derived from the session's or the order's deadline,
 * so no job has to flip rows and a read is always true.
 */
import { effectiveOrderStatus } from "@/lib/orders/order-status";

export const PAY_SESSION_STATUSES = ["pending", "order_received", "completed", "declined", "expired", "failed"] as const;
export type PaySessionStatus = (typeof PAY_SESSION_STATUSES)[number];
export const FINAL_PAY_SESSION_STATUSES: ReadonlySet<PaySessionStatus> = new Set(["completed", "declined", "expired", "failed"]);

export function effectivePaySessionStatus(
  session: { status: string; expiresAt: Date },
  order: { status: string; expiresAt: Date | null } | null,
  now = new Date(),
): PaySessionStatus {
  if (session.status === "pending" && session.expiresAt.getTime() <= now.getTime()) return "expired";
  if (session.status === "order_received" && order && effectiveOrderStatus(order, now) === "expired") return "expired";
  return session.status as PaySessionStatus;
}
