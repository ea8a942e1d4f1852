import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { NETWORK_PAYMENT_STATUSES, NETWORK_PAYMENT_TRANSITIONS, nextNetworkPaymentStatus, type NetworkPaymentEvent } from "./network-payment-status";

const TABLE: Record<string, Partial<Record<NetworkPaymentEvent, string>>> = {
  pending_settlement: { settle: "completed", expire: "expired" },
  completed: {},
  expired: {},
};

describe("the network payment state machine", () => {
  it("allows exactly the transitions of its table, and refuses every other pair", () => {
    for (const status of NETWORK_PAYMENT_STATUSES) {
      for (const event of Object.keys(NETWORK_PAYMENT_TRANSITIONS) as NetworkPaymentEvent[]) {
        const expected = TABLE[status]?.[event];
        if (expected) expect(nextNetworkPaymentStatus(status, event), `${status} ${event}`).toBe(expected);
        else {
          let error: unknown;
          try {
            nextNetworkPaymentStatus(status, event);
          } catch (e) {
            error = e;
          }
          expect(isAppError(error), `${status} ${event}`).toBe(true);
          expect((error as { code: string }).code).toBe(status === "expired" ? "PAYMENT_EXPIRED" : "INVALID_STATE");
        }
      }
    }
  });
});
