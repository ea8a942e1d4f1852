import { randomBytes } from "node:crypto";

/** `pr_` + 128 random bits in hex: an id alone never finds someone else's request. */
export const newPaymentRequestId = () => `pr_${randomBytes(16).toString("hex")}`;

/** Payments of requests: `oc_` + 128 random bits, like the txids of order payments (lib/orders/pay-order.ts). */
export const newPaymentTxid = () => `oc_${randomBytes(16).toString("hex")}`;
