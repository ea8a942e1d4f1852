/** Ledger postings of order payments (payOrder) carry the order in their idempotency key. */
const POSTING_KEY_PREFIX = "order:";

/** The ledger posting of an order's payment is keyed by the order, so it can happen only once. */
export const paymentPostingKey = (orderId: string) => `${POSTING_KEY_PREFIX}${orderId}`;

/**
 * The unique key a paid PaymentOrder carries: one merchant order (merchant OCID + its order id) can be
 * paid once, whichever session or checkout brought it.
 */
export const paidKeyOf = (merchantOcid: number, merchantOrderId: string) => `${merchantOcid}:${merchantOrderId}`;

/** The PaymentOrder id behind a posting key, or null for postings that are not order payments. */
export function orderIdOfPostingKey(key: string | null): string | null {
  return key?.startsWith(POSTING_KEY_PREFIX) ? key.slice(POSTING_KEY_PREFIX.length) : null;
}

