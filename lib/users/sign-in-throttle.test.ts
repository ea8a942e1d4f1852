import { describe, expect, it } from "vitest";
import { isSignInThrottled, MAX_FAILURES, recordSignInFailure, WINDOW_MS } from "@/lib/users/sign-in-throttle";

describe("sign-in throttle", () => {
  it("throttles after the limit within the window and forgets after it", () => {
    const t0 = 1_000_000;
    for (let i = 0; i < MAX_FAILURES - 1; i++) recordSignInFailure("a@x.io", t0 + i);
    expect(isSignInThrottled("a@x.io", t0 + 100)).toBe(false);
    recordSignInFailure("a@x.io", t0 + 200);
    expect(isSignInThrottled("a@x.io", t0 + 300)).toBe(true);
    expect(isSignInThrottled("a@x.io", t0 + WINDOW_MS - 1)).toBe(true);
    expect(isSignInThrottled("a@x.io", t0 + WINDOW_MS)).toBe(false);
    expect(isSignInThrottled("b@x.io", t0 + 300)).toBe(false);
  });
});
