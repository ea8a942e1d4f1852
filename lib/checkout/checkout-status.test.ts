import { describe, expect, it } from "vitest";
import { canTransitionCheckout, CHECKOUT_TRANSITIONS, effectiveCheckoutStatus, type StoredCheckoutStatus } from "@/lib/checkout/checkout-status";

const STORED = Object.keys(CHECKOUT_TRANSITIONS) as StoredCheckoutStatus[];
const ALLOWED = new Set(["open→paying", "open→paid", "open→cancelled", "paying→paid", "paying→failed"]);

describe("checkout transitions", () => {
  for (const from of STORED) {
    for (const to of STORED) {
      const allowed = ALLOWED.has(`${from}→${to}`);
      it(`${from} → ${to}: ${allowed ? "allowed" : "refused"}`, () => {
        expect(canTransitionCheckout(from, to)).toBe(allowed);
      });
    }
  }

  it("only an open session expires by time", () => {
    const past = new Date(Date.now() - 1000);
    expect(effectiveCheckoutStatus({ status: "open", expiresAt: past })).toBe("expired");
    expect(effectiveCheckoutStatus({ status: "paying", expiresAt: past })).toBe("paying");
    expect(effectiveCheckoutStatus({ status: "failed", expiresAt: past })).toBe("failed");
  });
});
