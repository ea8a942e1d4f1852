/**
 * Short codes of payment requests: `AB-CDE-FGH`, typed by hand when a camera is not at hand.
 *
 * The alphabet is the 32 letters and digits without 0/O and 1/I (the pairs people misread). Seven
 * random characters (35 bits) are followed by a check character computed with the Luhn mod N algorithm
 * over that alphabet: every single mistyped character, and most swaps of two neighbours, give a code
 * whose check fails, so a typo is refused (400 INVALID_SHORT_CODE) instead of opening someone else's
 * request. With N = 32 the Luhn doubling (c ↦ 2c div N + 2c mod N) is a permutation of the alphabet,
 * which is what makes every single substitution detectable.
 */
import { randomInt } from "node:crypto";
import { AppError } from "@/lib/errors";

export const SHORT_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const N = SHORT_CODE_ALPHABET.length;
/** Characters of a code without its dashes, the check character included. */
export const SHORT_CODE_LENGTH = 8;

const valueOf = (char: string): number => SHORT_CODE_ALPHABET.indexOf(char);

/** The Luhn mod N check character of `payload` (characters of the alphabet). */
export function checkCharacter(payload: string): string {
  let factor = 2;
  let sum = 0;
  // From the rightmost payload character leftwards, doubling every other one starting with the rightmost.
  for (let i = payload.length - 1; i >= 0; i--) {
    const value = valueOf(payload[i]!);
    if (value < 0) throw new Error(`"${payload[i]}" is not in the short code alphabet`);
    const addend = factor * value;
    sum += Math.floor(addend / N) + (addend % N);
    factor = factor === 2 ? 1 : 2;
  }
  return SHORT_CODE_ALPHABET[(N - (sum % N)) % N]!;
}

/** Whether `code` (8 characters of the alphabet, no dashes) carries a correct check character. */
function hasValidCheck(code: string): boolean {
  let factor = 1;
  let sum = 0;
  for (let i = code.length - 1; i >= 0; i--) {
    const value = valueOf(code[i]!);
    if (value < 0) return false;
    const addend = factor * value;
    sum += Math.floor(addend / N) + (addend % N);
    factor = factor === 2 ? 1 : 2;
  }
  return sum % N === 0;
}

/** `ABCDEFGH` → `AB-CDE-FGH`. */
export function formatShortCode(compact: string): string {
  return `${compact.slice(0, 2)}-${compact.slice(2, 5)}-${compact.slice(5)}`;
}

/** A fresh random code with its check character, in the `AB-CDE-FGH` form. */
export function generateShortCode(): string {
  let payload = "";
  for (let i = 0; i < SHORT_CODE_LENGTH - 1; i++) payload += SHORT_CODE_ALPHABET[randomInt(N)];
  return formatShortCode(payload + checkCharacter(payload));
}

/**
 * A code as a person typed it → its canonical `AB-CDE-FGH` form. Lower case, missing dashes and spaces
 * around or between the groups are accepted; anything else, and a code whose check character does not
 * match (a typo), is refused with 400 INVALID_SHORT_CODE.
 */
export function parseShortCode(input: string): string {
  const compact = typeof input === "string" && input.length <= 40 ? input.toUpperCase().replace(/[\s-]/g, "") : "";
  const isWellFormed = compact.length === SHORT_CODE_LENGTH && [...compact].every((c) => valueOf(c) >= 0);
  if (!isWellFormed || !hasValidCheck(compact)) {
    throw new AppError("INVALID_SHORT_CODE", "This is not a valid payment code: check it and type it again (it looks like AB-CDE-FGH).", {
      details: { shortCode: typeof input === "string" ? input.slice(0, 40) : null },
    });
  }
  return formatShortCode(compact);
}

export function isValidShortCode(input: string): boolean {
  try {
    parseShortCode(input);
    return true;
  } catch {
    return false;
  }
}
