import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  canTransition,
  FINAL_STATUSES,
  nextStatus,
  PAYMENT_REQUEST_STATUSES,
  TRANSITIONS,
  type PaymentRequestEvent,
  type PaymentRequestStatus,
} from "@/lib/payment-requests/status";

/**
 * The whole table, written out independently of the module: "STATUS event → NEW". Every pair not listed
 * here must be refused.
 */
const EXPECTED = `
CREATED pay_full → DONE
INCOMPLETE pay_full → DONE
CREATED pay_part → INCOMPLETE
INCOMPLETE pay_part → INCOMPLETE
CREATED hold → PENDING
PENDING capture → DONE
PENDING release → FAILED
PENDING hold_expired → FAILED
CREATED cancel → CANCELLED
INCOMPLETE cancel → CANCELLED
PENDING cancel → CANCELLED
PROCESSING cancel → CANCELLED
EARLY cancel → CANCELLED
LATE cancel → CANCELLED
OVERPAID cancel → CANCELLED
ERROR cancel → CANCELLED
CREATED decline → CANCELLED
CREATED expire → EXPIRED
INCOMPLETE accept → ACCEPTED
OVERPAID accept → ACCEPTED
EARLY accept → ACCEPTED
LATE accept → ACCEPTED
DONE refund_part → REFUND
ACCEPTED refund_part → REFUND
OVERPAID refund_part → REFUND
EARLY refund_part → REFUND
LATE refund_part → REFUND
REFUND refund_part → REFUND
DONE refund_full → REFUNDED
ACCEPTED refund_full → REFUNDED
OVERPAID refund_full → REFUNDED
EARLY refund_full → REFUNDED
LATE refund_full → REFUNDED
REFUND refund_full → REFUNDED
CREATED network_begin → PROCESSING
PROCESSING network_abandon → CREATED
CREATED network_full → DONE
INCOMPLETE network_full → DONE
PROCESSING network_full → DONE
CREATED network_part → INCOMPLETE
INCOMPLETE network_part → INCOMPLETE
PROCESSING network_part → INCOMPLETE
CREATED network_over → OVERPAID
INCOMPLETE network_over → OVERPAID
PROCESSING network_over → OVERPAID
DONE network_over → OVERPAID
CREATED network_early → EARLY
CREATED network_late → LATE
EXPIRED network_late → LATE
CREATED network_error → ERROR
INCOMPLETE network_error → ERROR
PROCESSING network_error → ERROR
EXPIRED network_error → ERROR
`
  .trim()
  .split("\n")
  .map((line) => {
    const [status, event, , to] = line.split(" ") as [PaymentRequestStatus, PaymentRequestEvent, string, PaymentRequestStatus];
    return { status, event, to };
  });

const EVENTS = Object.keys(TRANSITIONS) as PaymentRequestEvent[];

describe("the payment request state machine", () => {
  it("allows exactly the transitions of the table, to the status the table says", () => {
    for (const status of PAYMENT_REQUEST_STATUSES) {
      for (const event of EVENTS) {
        const expected = EXPECTED.find((row) => row.status === status && row.event === event);
        expect(canTransition(status, event), `${status} ${event}`).toBe(Boolean(expected));
        if (expected) expect(nextStatus(status, event), `${status} ${event}`).toBe(expected.to);
        else expect(() => nextStatus(status, event), `${status} ${event}`).toThrow(AppError);
      }
    }
    expect(EXPECTED).toHaveLength(EVENTS.reduce((n, event) => n + TRANSITIONS[event].from.length, 0));
  });

  it("tells a payer what the status means, and everyone else INVALID_STATE", () => {
    const codeOf = (status: PaymentRequestStatus, event: PaymentRequestEvent) => {
      try {
        nextStatus(status, event);
        return "allowed";
      } catch (error) {
        return (error as AppError).code;
      }
    };
    expect(codeOf("EXPIRED", "pay_full")).toBe("REQUEST_EXPIRED");
    expect(codeOf("CANCELLED", "pay_part")).toBe("REQUEST_CANCELLED");
    expect(codeOf("DONE", "pay_full")).toBe("REQUEST_PAID");
    expect(codeOf("PENDING", "hold")).toBe("REQUEST_PAID");
    expect(codeOf("REFUNDED", "decline")).toBe("REQUEST_PAID");
    expect(codeOf("PROCESSING", "pay_full")).toBe("INVALID_STATE");
    expect(codeOf("DONE", "capture")).toBe("INVALID_STATE");
    expect(codeOf("CANCELLED", "cancel")).toBe("INVALID_STATE");
  });

  it("has final statuses that nothing leaves", () => {
    expect([...FINAL_STATUSES].sort()).toEqual(["CANCELLED", "FAILED", "REFUNDED"]);
  });
});
