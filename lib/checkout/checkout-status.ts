/**
 * Hosted checkout session state machine:
 *   open → paid | cancelled;  open → expired (by time)
 * "expired" is never stored: it is derived from expiresAt, so no job has to flip rows and every read is
 * true at the moment it is made. The session's PaymentOrder carries the same deadline, so payOrder
 * refuses a late payment on its own.
 */
export const CHECKOUT_STATUSES = ["open", "paid", "cancelled", "expired"] as const;
export type CheckoutStatus = (typeof CHECKOUT_STATUSES)[number];

export function effectiveCheckoutStatus(session: { status: string; expiresAt: Date }, now = new Date()): CheckoutStatus {
  if (session.status === "open" && session.expiresAt.getTime() <= now.getTime()) return "expired";
  return session.status as CheckoutStatus;
}

/** What the customer is told when a checkout cannot be paid; every refusal moves no money. */
export function checkoutRefusal(status: CheckoutStatus): string {
  switch (status) {
    case "paid":
      return "This checkout has already been paid.";
    case "cancelled":
      return "This checkout was cancelled and can no longer be paid. Nothing was charged.";
    case "expired":
      return "This checkout has expired and can no longer be paid. Nothing was charged.";
    default:
      return "This checkout cannot be paid now.";
  }
}
