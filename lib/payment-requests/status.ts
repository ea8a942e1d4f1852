/**
 * The payment request state machine: every status of ../shared/product.md ("Payment requests"), every
 * event that changes one, and the one function that decides a transition. Callers apply the result
 * with a guarded update (lib/payment-requests/apply-transition.ts: `WHERE status = <the status read>`),
 * so of two concurrent events on one request only one can win.
 */
import { AppError, type ErrorCode } from "@/lib/errors";

export const PAYMENT_REQUEST_STATUSES = [
  "CREATED",
  "PENDING",
  "PROCESSING",
  "INCOMPLETE",
  "DONE",
  "OVERPAID",
  "EARLY",
  "LATE",
  "ACCEPTED",
  "CANCELLED",
  "EXPIRED",
  "FAILED",
  "REFUND",
  "REFUNDED",
  "ERROR",
] as const;

export type PaymentRequestStatus = (typeof PAYMENT_REQUEST_STATUSES)[number];

/** What can happen to a request. */
export type PaymentRequestEvent =
  /** Our wallet: a payer paid the rest of the amount (capture "auto"). */
  | "pay_full"
  /** Our wallet: a payer paid part of it (partialAllowed). */
  | "pay_part"
  /** Our wallet: a payer confirmed and the money is reserved (capture "manual"). */
  | "hold"
  /** The merchant captured the reserved money. */
  | "capture"
  /** The merchant released the reserved money, or the hold ran out. */
  | "release"
  | "hold_expired"
  /** The merchant cancelled it (money received goes back). */
  | "cancel"
  /** The addressed payer declined it. */
  | "decline"
  /** Its time ran out with nothing received. */
  | "expire"
  /** The merchant accepts what was received as settled. */
  | "accept"
  /** Part / the rest of the money received went back to the payer(s). */
  | "refund_part"
  | "refund_full"
  /** Another Opencharge gateway began paying it (payment/create), or gave up before settling. */
  | "network_begin"
  | "network_abandon"
  /** Money arrived from the network: in full, more than due, before notBefore, after expiry, or unusable. */
  | "network_full"
  | "network_part"
  | "network_over"
  | "network_early"
  | "network_late"
  | "network_error";

/** Statuses in which a request can still receive money from our wallet. */
const OPEN = ["CREATED", "INCOMPLETE"] as const satisfies readonly PaymentRequestStatus[];
/** Statuses in which money was received and may be refunded. */
const SETTLED = ["DONE", "ACCEPTED", "OVERPAID", "EARLY", "LATE", "REFUND"] as const satisfies readonly PaymentRequestStatus[];

export const TRANSITIONS: Record<PaymentRequestEvent, { from: readonly PaymentRequestStatus[]; to: PaymentRequestStatus }> = {
  pay_full: { from: OPEN, to: "DONE" },
  pay_part: { from: OPEN, to: "INCOMPLETE" },
  hold: { from: ["CREATED"], to: "PENDING" },
  capture: { from: ["PENDING"], to: "DONE" },
  release: { from: ["PENDING"], to: "FAILED" },
  hold_expired: { from: ["PENDING"], to: "FAILED" },
  cancel: { from: ["CREATED", "INCOMPLETE", "PENDING", "PROCESSING", "EARLY", "LATE", "OVERPAID", "ERROR"], to: "CANCELLED" },
  decline: { from: ["CREATED"], to: "CANCELLED" },
  expire: { from: ["CREATED"], to: "EXPIRED" },
  accept: { from: ["INCOMPLETE", "OVERPAID", "EARLY", "LATE"], to: "ACCEPTED" },
  refund_part: { from: SETTLED, to: "REFUND" },
  refund_full: { from: SETTLED, to: "REFUNDED" },
  network_begin: { from: ["CREATED"], to: "PROCESSING" },
  network_abandon: { from: ["PROCESSING"], to: "CREATED" },
  network_full: { from: ["CREATED", "INCOMPLETE", "PROCESSING"], to: "DONE" },
  network_part: { from: ["CREATED", "INCOMPLETE", "PROCESSING"], to: "INCOMPLETE" },
  network_over: { from: ["CREATED", "INCOMPLETE", "PROCESSING", "DONE"], to: "OVERPAID" },
  network_early: { from: ["CREATED"], to: "EARLY" },
  network_late: { from: ["CREATED", "EXPIRED"], to: "LATE" },
  network_error: { from: ["CREATED", "INCOMPLETE", "PROCESSING", "EXPIRED"], to: "ERROR" },
};

/**
 * Statuses in which a request keeps its short code and its `externalRef` to itself (the unique
 * openShortCode / openExternalRefKey columns): it can still be paid, or money on its way is not yet
 * settled. Any other status releases both (apply-transition.ts), so a later request may use them.
 */
export const KEY_HOLDING_STATUSES: readonly PaymentRequestStatus[] = ["CREATED", "PENDING", "PROCESSING", "INCOMPLETE"];

export function isKeyHoldingStatus(status: string): boolean {
  return (KEY_HOLDING_STATUSES as readonly string[]).includes(status);
}

/** Statuses a request can never leave. */
export const FINAL_STATUSES: readonly PaymentRequestStatus[] = ["CANCELLED", "EXPIRED", "FAILED", "REFUNDED"].filter(
  (status) => !Object.values(TRANSITIONS).some((t) => t.from.includes(status as PaymentRequestStatus)),
) as PaymentRequestStatus[];

export function isPaymentRequestStatus(value: string): value is PaymentRequestStatus {
  return (PAYMENT_REQUEST_STATUSES as readonly string[]).includes(value);
}

/** Whether `event` may happen to a request in `status`. */
export function canTransition(status: PaymentRequestStatus, event: PaymentRequestEvent): boolean {
  return TRANSITIONS[event].from.includes(status);
}

/**
 * The status after `event`, or the error the caller answers: for a payer, what the request's status
 * means (expired, cancelled, already paid); for anything else, INVALID_STATE naming both.
 */
export function nextStatus(status: PaymentRequestStatus, event: PaymentRequestEvent): PaymentRequestStatus {
  if (canTransition(status, event)) return TRANSITIONS[event].to;
  throw refusal(status, event);
}

const PAYER_EVENTS: readonly PaymentRequestEvent[] = ["pay_full", "pay_part", "hold", "decline"];

function refusal(status: PaymentRequestStatus, event: PaymentRequestEvent): AppError {
  if (PAYER_EVENTS.includes(event)) {
    const byStatus: Partial<Record<PaymentRequestStatus, [ErrorCode, string]>> = {
      EXPIRED: ["REQUEST_EXPIRED", "This payment request has expired."],
      CANCELLED: ["REQUEST_CANCELLED", "This payment request was cancelled."],
      FAILED: ["REQUEST_CANCELLED", "This payment request's reservation was released; it can no longer be paid."],
      PROCESSING: ["INVALID_STATE", "This payment request is being paid through another gateway."],
      ERROR: ["INVALID_STATE", "This payment request is on hold for the operator."],
    };
    const [code, message] = byStatus[status] ?? ["REQUEST_PAID", "This payment request has already been paid."];
    return new AppError(code, message, { details: { status } });
  }
  return new AppError("INVALID_STATE", `A payment request in status ${status} cannot take "${event}".`, { details: { status, event } });
}
