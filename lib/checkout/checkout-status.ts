/**
 * Hosted checkout session state machine:
 *   open → paid | cancelled;  open → expired (by time)
 *   open → paying → paid | failed   (paid through a partner: the hops run while it is paying, lib/settlement/)
 * "expired" is never stored: it is derived from expiresAt, so no job has to flip rows and every read is
 * true at the moment it is made. The session's PaymentOrder carries the same deadline, so payOrder
 * refuses a late payment on its own. A paying session never expires: its money is on its way.
 */
import type { Tx } from "@/lib/db";

export const CHECKOUT_STATUSES = ["open", "paying", "paid", "failed", "cancelled", "expired"] as const;
export type CheckoutStatus = (typeof CHECKOUT_STATUSES)[number];
export type StoredCheckoutStatus = Exclude<CheckoutStatus, "expired">;

/** Every stored change a checkout session may make; anything else is refused. */
export const CHECKOUT_TRANSITIONS: Readonly<Record<StoredCheckoutStatus, readonly StoredCheckoutStatus[]>> = {
  open: ["paying", "paid", "cancelled"],
  paying: ["paid", "failed"],
  paid: [],
  failed: [],
  cancelled: [],
};

export function canTransitionCheckout(from: StoredCheckoutStatus, to: StoredCheckoutStatus): boolean {
  return CHECKOUT_TRANSITIONS[from].includes(to);
}

/**
 * The one guarded change of a checkout session's status (only if it is still `from`: of concurrent
 * callers exactly one wins). Leaving `open` releases the open key, so the order may be posted again.
 */
export async function transitionCheckoutSession(
  tx: Tx,
  options: { sessionId: string; from: StoredCheckoutStatus; to: StoredCheckoutStatus; failureReason?: string },
): Promise<boolean> {
  if (!canTransitionCheckout(options.from, options.to)) {
    throw new Error(`Checkout transition ${options.from} → ${options.to} is not allowed`);
  }
  const updated = await tx.checkoutSession.updateMany({
    where: { id: options.sessionId, status: options.from },
    data: {
      status: options.to,
      ...(options.from === "open" ? { openKey: null } : {}),
      ...(options.failureReason !== undefined ? { failureReason: options.failureReason } : {}),
    },
  });
  return updated.count === 1;
}

export function effectiveCheckoutStatus(session: { status: string; expiresAt: Date }, now = new Date()): CheckoutStatus {
  if (session.status === "open" && session.expiresAt.getTime() <= now.getTime()) return "expired";
  return session.status as CheckoutStatus;
}

/** What the customer is told when a checkout cannot be paid; every refusal moves no money. */
export function checkoutRefusal(status: CheckoutStatus): string {
  switch (status) {
    case "paid":
      return "This checkout has already been paid.";
    case "paying":
      return "This checkout is being paid.";
    case "failed":
      return "The payment of this checkout failed; your money was returned. Go back to the merchant to try again.";
    case "cancelled":
      return "This checkout was cancelled and can no longer be paid. Nothing was charged.";
    case "expired":
      return "This checkout has expired and can no longer be paid. Nothing was charged.";
    default:
      return "This checkout cannot be paid now.";
  }
}
