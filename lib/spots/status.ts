/**
 * The spot state machine (../shared/product.md, "Spots: Scan and Pay at a place"): every status, every
 * event that changes one, and the one function that decides a transition. Callers apply the result with
 * a guarded update (apply-spot-transition.ts: `WHERE status = <read> AND visit = <read>`), so of two
 * concurrent check-ins, attaches or closes of one spot only one can win.
 *
 *   free ──check_in──▶ waiting ──attach──▶ busy ──close──▶ closed ──check_in──▶ waiting …
 *                         └──────────close─────────────────▲
 *
 * A spot has one customer per visit: a check-in to a spot that is waiting or busy is refused (409
 * SPOT_OCCUPIED) until the merchant closes the visit. More orders may be attached while it is busy (a
 * second round, or a new order after a released one).
 */
import { AppError } from "@/lib/errors";

export const SPOT_STATUSES = ["free", "waiting", "busy", "closed"] as const;

export type SpotStatus = (typeof SPOT_STATUSES)[number];

export type SpotEvent =
  /** A customer checked in (scanned the spot's QR code): a new visit begins. */
  | "check_in"
  /** The merchant attached an order (a payment request) for the checked-in customer. */
  | "attach"
  /** The merchant closed the visit. */
  | "close";

export const SPOT_TRANSITIONS: Record<SpotEvent, { from: readonly SpotStatus[]; to: SpotStatus }> = {
  check_in: { from: ["free", "closed"], to: "waiting" },
  attach: { from: ["waiting", "busy"], to: "busy" },
  close: { from: ["waiting", "busy"], to: "closed" },
};

export function isSpotStatus(value: string): value is SpotStatus {
  return (SPOT_STATUSES as readonly string[]).includes(value);
}

export function canSpotTransition(status: SpotStatus, event: SpotEvent): boolean {
  return SPOT_TRANSITIONS[event].from.includes(status);
}

/** The status after `event`, or the error the caller answers (409, saying why in words a till or customer can act on). */
export function nextSpotStatus(status: SpotStatus, event: SpotEvent): SpotStatus {
  if (canSpotTransition(status, event)) return SPOT_TRANSITIONS[event].to;
  throw spotRefusal(status, event);
}

function spotRefusal(status: SpotStatus, event: SpotEvent): AppError {
  const details = { status, event };
  switch (event) {
    case "check_in":
      return new AppError("SPOT_OCCUPIED", "Someone else is checked in at this spot. Ask the staff, or wait until they close the visit.", {
        details,
      });
    case "attach":
      return new AppError("INVALID_STATE", `Nobody is checked in at this spot (it is ${status}): an order needs a customer to pay it.`, { details });
    case "close":
      return new AppError("INVALID_STATE", `This spot is ${status}: there is no visit to close.`, { details });
  }
}
