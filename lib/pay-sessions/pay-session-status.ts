/**
 * Pay session (user-presented QR) state machine:
 *   pending → order_received → completed | declined | failed
 *   order_received → paying → completed | failed   (paid through a partner: the hops run while it is
 *                                                    paying, lib/settlement/)
 *   pending → declined (the user closes the QR); pending or order_received → expired (by time)
 * Stored statuses never include "expired": it is derived from the session's or the order's deadline,
 * so no job has to flip rows and a read is always true. A paying session never expires: its money is
 * on its way, and the settlement ends it either way.
 */
import type { Tx } from "@/lib/db";
import { effectiveOrderStatus } from "@/lib/orders/order-status";

export const PAY_SESSION_STATUSES = ["pending", "order_received", "paying", "completed", "declined", "expired", "failed"] as const;
export type PaySessionStatus = (typeof PAY_SESSION_STATUSES)[number];
export type StoredPaySessionStatus = Exclude<PaySessionStatus, "expired">;
export const FINAL_PAY_SESSION_STATUSES: ReadonlySet<PaySessionStatus> = new Set(["completed", "declined", "expired", "failed"]);

/** Every stored change a pay session may make; anything else is refused. */
export const PAY_SESSION_TRANSITIONS: Readonly<Record<StoredPaySessionStatus, readonly StoredPaySessionStatus[]>> = {
  pending: ["order_received", "declined"],
  order_received: ["paying", "completed", "declined", "failed"],
  paying: ["completed", "failed"],
  completed: [],
  declined: [],
  failed: [],
};

export function canTransitionPaySession(from: StoredPaySessionStatus, to: StoredPaySessionStatus): boolean {
  return PAY_SESSION_TRANSITIONS[from].includes(to);
}

/**
 * The one guarded change of a pay session's status: it happens only if the session is still `from`, so
 * of concurrent callers exactly one wins. False when it was not `from` any more.
 */
export async function transitionPaySession(
  tx: Tx,
  options: { sessionId: string; from: StoredPaySessionStatus; to: StoredPaySessionStatus; failureReason?: string },
): Promise<boolean> {
  if (!canTransitionPaySession(options.from, options.to)) {
    throw new Error(`Pay session transition ${options.from} → ${options.to} is not allowed`);
  }
  const updated = await tx.paySession.updateMany({
    where: { id: options.sessionId, status: options.from },
    data: { status: options.to, ...(options.failureReason !== undefined ? { failureReason: options.failureReason } : {}) },
  });
  return updated.count === 1;
}

export function effectivePaySessionStatus(
  session: { status: string; expiresAt: Date },
  order: { status: string; expiresAt: Date | null } | null,
  now = new Date(),
): PaySessionStatus {
  if (session.status === "pending" && session.expiresAt.getTime() <= now.getTime()) return "expired";
  if (session.status === "order_received" && order && effectiveOrderStatus(order, now) === "expired") return "expired";
  return session.status as PaySessionStatus;
}
