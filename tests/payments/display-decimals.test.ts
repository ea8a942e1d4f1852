import { describe, expect, it } from "vitest";
import { divideDecimalExactly, missingAmount, multiplyDecimal } from "@/components/pay/decimal";

describe("display decimals", () => {
  it("says what a balance is short of, exactly", () => {
    expect(missingAmount("3.00", "8.00")).toBe("5.00");
    expect(missingAmount("3", "8.5")).toBe("5.5");
    expect(missingAmount("0.01", "0.1")).toBe("0.09");
    expect(missingAmount("10.00", "8.00")).toBeNull();
    expect(missingAmount("8.00", "8")).toBeNull();
  });

  it("multiplies and divides line items without floats", () => {
    expect(multiplyDecimal("1.50", 2)).toBe("3.00");
    expect(divideDecimalExactly("3.00", 2)).toBe("1.50");
    expect(divideDecimalExactly("3.00", 7)).toBeNull();
  });
});
