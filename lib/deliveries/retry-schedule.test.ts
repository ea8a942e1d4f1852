import { describe, expect, it } from "vitest";
import { GIVE_UP_AFTER_MS, isRetryableStatus, nextAttemptAt, retryDelayMs } from "@/lib/deliveries/retry-schedule";

const noJitter = () => 0.5;

describe("delivery retry schedule", () => {
  it("doubles from 5 s and caps at 4 h", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, noJitter))).toEqual([5_000, 10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs(30, noJitter)).toBe(4 * 3600_000);
  });

  it("jitters by at most 10 %", () => {
    expect(retryDelayMs(3, () => 0)).toBe(18_000);
    expect(retryDelayMs(3, () => 1)).toBe(22_000);
  });

  it("keeps retrying for at least 24 hours, then gives up", () => {
    const createdAt = new Date(0);
    let now = createdAt;
    let attempts = 0;
    for (;;) {
      attempts++;
      const next = nextAttemptAt({ createdAt, attempts, now, random: noJitter });
      if (!next) break;
      now = next;
    }
    expect(now.getTime()).toBeGreaterThanOrEqual(GIVE_UP_AFTER_MS);
    expect(now.getTime()).toBeLessThan(GIVE_UP_AFTER_MS + 4 * 3600_000);
    expect(attempts).toBeGreaterThanOrEqual(15);
  });

  it("retries 5xx, 429 and 408 but not other answers", () => {
    expect([500, 502, 503, 504, 429, 408].every(isRetryableStatus)).toBe(true);
    expect([200, 202, 400, 401, 403, 404, 409, 410, 422].some(isRetryableStatus)).toBe(false);
  });
});
