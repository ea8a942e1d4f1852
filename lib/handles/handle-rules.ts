/**
 * Handles name users and merchants in one namespace (../shared/product.md "Handles"): 3–30 characters of
 * a-z 0-9 _, unique without regard to case, shown and accepted with or without a leading "@".
 * Stored lower-case and without the "@", so equality in the database is equality of handles.
 */
import { z } from "zod";

export const HANDLE_MIN_LENGTH = 3;
export const HANDLE_MAX_LENGTH = 30;
export const HANDLE_PATTERN = /^[a-z0-9_]{3,30}$/;

const RULE = "A handle is 3–30 characters: letters a–z, digits and _ (a leading @ is optional).";

/** What a person may type (" @Ada_L ") → the stored form ("ada_l"); anything else is refused. */
export const handleSchema = z
  .string({ error: "A handle must be text." })
  .trim()
  .transform((value) => value.replace(/^@/, "").toLowerCase())
  .pipe(
    z
      .string()
      .min(HANDLE_MIN_LENGTH, `A handle has at least ${HANDLE_MIN_LENGTH} characters.`)
      .max(HANDLE_MAX_LENGTH, `A handle has at most ${HANDLE_MAX_LENGTH} characters.`)
      .regex(HANDLE_PATTERN, RULE),
  );

/** The stored form of a typed handle, or null when it cannot be one (so nobody has it). */
export function normalizeHandle(input: string): string | null {
  const parsed = handleSchema.safeParse(input);
  return parsed.success ? parsed.data : null;
}

/** How a handle is shown to people. */
export const displayHandle = (handle: string) => `@${handle}`;

/**
 * A handle-shaped base made from free text (an email's local part, a merchant's name): accents dropped,
 * lower-cased, every run of other characters one "_", cut to the maximum and padded with "0" to the
 * minimum. The result always satisfies the rules; it may be taken (see pick-free-handle.ts).
 */
export function handleBaseFrom(text: string, fallback = "user"): string {
  let base = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!base) base = fallback;
  base = base.slice(0, HANDLE_MAX_LENGTH).replace(/_+$/, "");
  return base.padEnd(HANDLE_MIN_LENGTH, "0");
}

/** The base of a user's generated handle: the email's local part without a "+tag". */
export function handleBaseFromEmail(email: string): string {
  const local = email.split("@")[0] ?? "";
  return handleBaseFrom(local.split("+")[0] ?? "");
}

/** `base` with `suffix` appended, cut so the whole stays within the maximum length. */
export function withSuffix(base: string, suffix: string): string {
  return base.slice(0, HANDLE_MAX_LENGTH - suffix.length) + suffix;
}
