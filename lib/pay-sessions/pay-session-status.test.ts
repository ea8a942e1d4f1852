import { describe, expect, it } from "vitest";
import { canTransitionPaySession, effectivePaySessionStatus, PAY_SESSION_TRANSITIONS, type StoredPaySessionStatus } from "@/lib/pay-sessions/pay-session-status";

const STORED = Object.keys(PAY_SESSION_TRANSITIONS) as StoredPaySessionStatus[];

/** The whole table: every pair of stored statuses, allowed or not. */
const ALLOWED = new Set([
  "pending→order_received",
  "pending→declined",
  "order_received→paying",
  "order_received→completed",
  "order_received→declined",
  "order_received→failed",
  "paying→completed",
  "paying→failed",
]);

describe("pay session transitions", () => {
  for (const from of STORED) {
    for (const to of STORED) {
      const allowed = ALLOWED.has(`${from}→${to}`);
      it(`${from} → ${to}: ${allowed ? "allowed" : "refused"}`, () => {
        expect(canTransitionPaySession(from, to)).toBe(allowed);
      });
    }
  }

  it("final statuses lead nowhere; paying can only end", () => {
    for (const status of ["completed", "declined", "failed"] as const) expect(PAY_SESSION_TRANSITIONS[status]).toEqual([]);
    expect(PAY_SESSION_TRANSITIONS.paying).toEqual(["completed", "failed"]);
  });

  it("a paying session never expires, even past its deadlines: its money is on its way", () => {
    const past = new Date(Date.now() - 60_000);
    expect(effectivePaySessionStatus({ status: "paying", expiresAt: past }, { status: "settling", expiresAt: past })).toBe("paying");
    expect(effectivePaySessionStatus({ status: "order_received", expiresAt: past }, { status: "pending", expiresAt: past })).toBe("expired");
  });
});
