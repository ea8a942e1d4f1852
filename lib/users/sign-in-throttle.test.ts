import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { clearSignInFailures, isSignInThrottled, MAX_FAILURES, recordSignInFailure, WINDOW_MS } from "@/lib/users/sign-in-throttle";

describe("sign-in throttle (in the database, shared by every app instance)", () => {
  it("throttles after the limit within the window and forgets after it", async () => {
    const t0 = new Date("2026-11-30T10:00:00Z");
    const at = (ms: number) => new Date(t0.getTime() + ms);
    for (let i = 0; i < MAX_FAILURES - 1; i++) await recordSignInFailure("a@x.io", at(i));
    expect(await isSignInThrottled("a@x.io", at(100))).toBe(false);
    await recordSignInFailure("a@x.io", at(200));
    expect(await isSignInThrottled("a@x.io", at(300))).toBe(true);
    expect(await isSignInThrottled("a@x.io", at(WINDOW_MS - 1))).toBe(true);
    expect(await isSignInThrottled("a@x.io", at(WINDOW_MS))).toBe(false);
    expect(await isSignInThrottled("b@x.io", at(300))).toBe(false);
    // A failure after the window starts a new count.
    await recordSignInFailure("a@x.io", at(WINDOW_MS + 1));
    expect((await (await db()).signInThrottle.findUniqueOrThrow({ where: { email: "a@x.io" } })).failures).toBe(1);
  });

  it("counts concurrent failures (several instances at once) without losing one", async () => {
    const now = new Date();
    await Promise.all(Array.from({ length: MAX_FAILURES }, () => recordSignInFailure("race@x.io", now)));
    expect((await (await db()).signInThrottle.findUniqueOrThrow({ where: { email: "race@x.io" } })).failures).toBe(MAX_FAILURES);
    expect(await isSignInThrottled("race@x.io", now)).toBe(true);
    await clearSignInFailures("race@x.io");
    expect(await isSignInThrottled("race@x.io", now)).toBe(false);
  });
});
