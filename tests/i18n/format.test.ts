import { describe, expect, it } from "vitest";
import { formatMinor, formatMoney } from "@/lib/i18n/format";

describe("formatMoney", () => {
  it.each([
    ["en", "12.5", "USD", "12.50 USD"],
    ["en", "1234.5", "USD", "1,234.50 USD"],
    ["lt", "1234.5", "EUR", "1 234,50 EUR"],
    ["es", "1234.50", "EUR", "1234,50 EUR"],
    ["es", "12345.50", "EUR", "12.345,50 EUR"],
    ["en", "100", "JPY", "100 JPY"],
    ["en", "1.234", "KWD", "1.234 KWD"],
    ["en", "-7.25", "USD", "−7.25 USD"],
    // 18 significant digits stay exact: no float on the way.
    ["en", "9999999999999999.99", "USD", "9,999,999,999,999,999.99 USD"],
  ])("%s %s %s → %s", (locale, amount, currency, text) => {
    expect(formatMoney(locale, amount, currency).replace(/\u00a0|\u202f/g, " ")).toBe(text);
  });

  it("formats minor units", () => {
    expect(formatMinor("en", 150n, "USD")).toBe("1.50 USD");
    expect(formatMinor("en", -150n, "USD")).toBe("−1.50 USD");
  });
});
