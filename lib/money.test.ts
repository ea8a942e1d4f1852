import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { currencyExponent, formatAmount, parseAmount, parsePositiveAmount } from "@/lib/money";

describe("money", () => {
  it("knows the ISO 4217 exponents", () => {
    expect(currencyExponent("USD")).toBe(2);
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("UGX")).toBe(0);
    expect(currencyExponent("KWD")).toBe(3);
    expect(() => currencyExponent("XYZ")).toThrow(AppError);
    expect(() => currencyExponent("usd")).toThrow(/Unknown currency/);
  });

  it.each([
    ["15", "USD", 1500n, "15.00"],
    ["15.5", "USD", 1550n, "15.50"],
    ["15.00", "USD", 1500n, "15.00"],
    ["0.01", "USD", 1n, "0.01"],
    ["0", "USD", 0n, "0.00"],
    ["10000", "UGX", 10000n, "10000"],
    ["1.234", "KWD", 1234n, "1.234"],
    ["0.001", "BHD", 1n, "0.001"],
    ["999999999999999999", "JPY", 999999999999999999n, "999999999999999999"],
    ["9999999999999999.99", "USD", 999999999999999999n, "9999999999999999.99"],
  ])("parses %s %s to %s minor units and prints %s", (input, currency, minor, printed) => {
    expect(parseAmount(input, currency)).toBe(minor);
    expect(formatAmount(minor, currency)).toBe(printed);
    // printing and parsing again is the identity
    expect(parseAmount(formatAmount(minor, currency), currency)).toBe(minor);
  });

  it.each([
    ["1.234", "USD", /at most 2 decimals/],
    ["1.5", "JPY", /no minor unit/],
    ["-5", "USD", /no signs/],
    ["+5", "USD", /no signs/],
    ["1e3", "USD", /exponents/],
    [" 5", "USD", /spaces/],
    ["5 ", "USD", /spaces/],
    ["1,000.00", "USD", /decimal point/],
    ["05.00", "USD", /digits/],
    [".5", "USD", /digits/],
    ["5.", "USD", /digits/],
    ["", "USD", /digits/],
    ["NaN", "USD", /digits/],
    ["Infinity", "USD", /digits/],
    ["0x10", "USD", /digits/],
    ["1234567890123456789", "JPY", /at most 18 digits/],
    ["99999999999999999.99", "USD", /at most 18 digits/],
    ["١٢", "USD", /digits/],
  ])("rejects %j for %s", (input, currency, message) => {
    const attempt = () => parseAmount(input, currency);
    expect(attempt).toThrow(AppError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as AppError).code).toBe("INVALID_AMOUNT");
      expect((error as AppError).status).toBe(400);
    }
  });

  it("requires positive amounts where money moves", () => {
    expect(() => parsePositiveAmount("0", "USD")).toThrow(/greater than zero/);
    expect(() => parsePositiveAmount("0.00", "USD")).toThrow(/greater than zero/);
    expect(parsePositiveAmount("0.01", "USD")).toBe(1n);
  });

  it("round-trips every amount of a currency's minor range", () => {
    for (const currency of ["USD", "JPY", "KWD"]) {
      for (const minor of [0n, 1n, 9n, 10n, 99n, 100n, 101n, 123456789n, 10n ** 17n]) {
        expect(parseAmount(formatAmount(minor, currency), currency)).toBe(minor);
      }
    }
    expect(formatAmount(-1550n, "USD")).toBe("-15.50");
    expect(formatAmount(-5n, "USD")).toBe("-0.05");
  });
});
