import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { canSpotTransition, nextSpotStatus, SPOT_STATUSES, SPOT_TRANSITIONS, type SpotEvent, type SpotStatus } from "@/lib/spots/status";

/**
 * The whole table, written out independently of the module: "STATUS event → NEW". Every pair not listed
 * here must be refused.
 */
const EXPECTED = `
free check_in → waiting
closed check_in → waiting
waiting attach → busy
busy attach → busy
waiting close → closed
busy close → closed
`
  .trim()
  .split("\n")
  .map((line) => {
    const [status, event, , to] = line.split(" ") as [SpotStatus, SpotEvent, string, SpotStatus];
    return { status, event, to };
  });

const EVENTS = Object.keys(SPOT_TRANSITIONS) as SpotEvent[];

function codeOf(status: SpotStatus, event: SpotEvent): string {
  try {
    nextSpotStatus(status, event);
    return "allowed";
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return `${(error as AppError).status} ${(error as AppError).code}`;
  }
}

describe("the spot state machine", () => {
  it("allows exactly the transitions of the table, to the status the table says", () => {
    expect(EVENTS.sort()).toEqual(["attach", "check_in", "close"]);
    for (const status of SPOT_STATUSES) {
      for (const event of EVENTS) {
        const expected = EXPECTED.find((row) => row.status === status && row.event === event);
        expect(canSpotTransition(status, event), `${status} ${event}`).toBe(Boolean(expected));
        if (expected) expect(nextSpotStatus(status, event), `${status} ${event}`).toBe(expected.to);
        else expect(() => nextSpotStatus(status, event), `${status} ${event}`).toThrow(AppError);
      }
    }
    expect(EXPECTED).toHaveLength(EVENTS.reduce((n, event) => n + SPOT_TRANSITIONS[event].from.length, 0));
  });

  it("refuses a check-in to an occupied spot as SPOT_OCCUPIED, anything else as INVALID_STATE (all 409)", () => {
    expect(codeOf("waiting", "check_in")).toBe("409 SPOT_OCCUPIED");
    expect(codeOf("busy", "check_in")).toBe("409 SPOT_OCCUPIED");
    expect(codeOf("free", "attach")).toBe("409 INVALID_STATE");
    expect(codeOf("closed", "attach")).toBe("409 INVALID_STATE");
    expect(codeOf("free", "close")).toBe("409 INVALID_STATE");
    expect(codeOf("closed", "close")).toBe("409 INVALID_STATE");
  });

  it("has no status that nothing leaves: every visit can end and a closed spot takes the next customer", () => {
    for (const status of SPOT_STATUSES) {
      expect(EVENTS.some((event) => canSpotTransition(status, event)), status).toBe(true);
    }
  });
});
