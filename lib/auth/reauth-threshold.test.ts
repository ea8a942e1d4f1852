import { describe, expect, it } from "vitest";
import { isAboveReauthThreshold, parseReauthThreshold, reauthLimitFor } from "@/lib/auth/reauth-threshold";

describe("parseReauthThreshold", () => {
  it("is off when empty", () => {
    expect(parseReauthThreshold("")).toBeNull();
    expect(parseReauthThreshold("   ")).toBeNull();
    expect(parseReauthThreshold(undefined)).toBeNull();
  });

  it("reads one amount for every currency", () => {
    expect(parseReauthThreshold("100")).toEqual({ fallback: "100", byCurrency: {} });
  });

  it("reads per-currency limits, with a bare amount for the others", () => {
    expect(parseReauthThreshold(" usd:100 , EUR:90.50 ")).toEqual({ fallback: null, byCurrency: { USD: "100", EUR: "90.50" } });
    expect(parseReauthThreshold("USD:100,50")).toEqual({ fallback: "50", byCurrency: { USD: "100" } });
  });

  it("refuses what it cannot read, naming the bad part", () => {
    expect(() => parseReauthThreshold("abc")).toThrow(/PAYMENT_REAUTH_ABOVE: "abc"/);
    expect(() => parseReauthThreshold("US:100")).toThrow(/currency code/);
    expect(() => parseReauthThreshold("USD:-5")).toThrow(/amount/);
    expect(() => parseReauthThreshold("USD:1e3")).toThrow(/amount/);
    expect(() => parseReauthThreshold("USD:1,USD:2")).toThrow(/twice/);
    expect(() => parseReauthThreshold("10,20")).toThrow(/second amount/);
  });
});

describe("isAboveReauthThreshold", () => {
  const threshold = parseReauthThreshold("USD:100,JPY:5000,20");

  it("asks strictly above the limit, exactly, in minor units", () => {
    expect(isAboveReauthThreshold(threshold, 10000n, "USD")).toBe(false); // 100.00: exactly the limit
    expect(isAboveReauthThreshold(threshold, 10001n, "USD")).toBe(true); // 100.01
    expect(isAboveReauthThreshold(threshold, 5000n, "JPY")).toBe(false); // no minor unit
    expect(isAboveReauthThreshold(threshold, 5001n, "JPY")).toBe(true);
  });

  it("uses the bare amount for currencies not named, and never asks when off", () => {
    expect(reauthLimitFor(threshold, "eur")).toBe("20");
    expect(isAboveReauthThreshold(threshold, 2001n, "EUR")).toBe(true);
    expect(isAboveReauthThreshold(threshold, 2000n, "EUR")).toBe(false);
    expect(isAboveReauthThreshold(parseReauthThreshold("USD:100"), 999999n, "EUR")).toBe(false);
    expect(isAboveReauthThreshold(null, 10n ** 15n, "USD")).toBe(false);
  });
});
