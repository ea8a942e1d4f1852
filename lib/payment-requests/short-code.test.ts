import { describe, expect, it } from "vitest";
import {
  checkCharacter,
  formatShortCode,
  generateShortCode,
  isValidShortCode,
  parseShortCode,
  SHORT_CODE_ALPHABET,
} from "@/lib/payment-requests/short-code";

const compact = (code: string) => code.replace(/-/g, "");

describe("short codes", () => {
  it("uses the 32 letters and digits without 0, O, 1 and I", () => {
    expect(SHORT_CODE_ALPHABET).toHaveLength(32);
    expect(new Set(SHORT_CODE_ALPHABET).size).toBe(32);
    for (const excluded of "0O1I") expect(SHORT_CODE_ALPHABET).not.toContain(excluded);
    expect(SHORT_CODE_ALPHABET).toMatch(/^[2-9A-Z]+$/);
  });

  it("generates AB-CDE-FGH codes of the alphabet that pass their own check", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const code = generateShortCode();
      expect(code).toMatch(/^[2-9A-HJ-NP-Z]{2}-[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}$/);
      expect(parseShortCode(code)).toBe(code);
      seen.add(code);
    }
    expect(seen.size).toBeGreaterThan(495); // random, not a counter
  });

  it("computes the Luhn mod N check character (a worked example)", () => {
    // Payload "2222222": values 0 → sum 0 → check value 0 → "2".
    expect(checkCharacter("2222222")).toBe("2");
    // Payload "2222223": rightmost value 1 doubled → 2; check value 32 - 2 = 30 → "Y".
    expect(checkCharacter("2222223")).toBe("Y");
    // Payload "222222Z": value 31 doubled = 62 → 1 + 30 = 31; check value 1 → "3".
    expect(checkCharacter("222222Z")).toBe("3");
  });

  it("detects every single mistyped character, in every position, for many codes", () => {
    for (let n = 0; n < 40; n++) {
      const code = compact(generateShortCode());
      for (let position = 0; position < code.length; position++) {
        for (const replacement of SHORT_CODE_ALPHABET) {
          if (replacement === code[position]) continue;
          const typo = code.slice(0, position) + replacement + code.slice(position + 1);
          expect(isValidShortCode(typo), `${code} → ${typo}`).toBe(false);
        }
      }
    }
  });

  it("detects most swaps of two neighbouring characters", () => {
    let swaps = 0;
    let detected = 0;
    for (let n = 0; n < 200; n++) {
      const code = compact(generateShortCode());
      for (let i = 0; i + 1 < code.length; i++) {
        if (code[i] === code[i + 1]) continue;
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        swaps++;
        if (!isValidShortCode(swapped)) detected++;
      }
    }
    expect(detected / swaps).toBeGreaterThan(0.9);
  });

  it("accepts lower case, missing dashes and spaces, and answers the canonical form", () => {
    const code = generateShortCode();
    expect(parseShortCode(code.toLowerCase())).toBe(code);
    expect(parseShortCode(compact(code))).toBe(code);
    expect(parseShortCode(` ${compact(code).toLowerCase()} `)).toBe(code);
    expect(parseShortCode(`${code.slice(0, 2)} ${code.slice(3, 6)} ${code.slice(7)}`)).toBe(code);
    expect(formatShortCode(compact(code))).toBe(code);
  });

  it.each([
    ["empty", ""],
    ["too short", "AB-CDE-FG"],
    ["too long", "AB-CDE-FGHJ"],
    ["a zero", "AB-CDE-F0H"],
    ["a letter O", "AB-CDE-FOH"],
    ["a one", "AB-CDE-F1H"],
    ["a letter I", "AB-CDE-FIH"],
    ["punctuation", "AB-CDE-FG!"],
  ])("refuses a code that is %s with 400 INVALID_SHORT_CODE", (_name, input) => {
    expect(() => parseShortCode(input)).toThrowError(expect.objectContaining({ code: "INVALID_SHORT_CODE", status: 400 }));
  });
});
