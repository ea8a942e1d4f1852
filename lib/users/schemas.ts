import { z } from "zod";

export const emailSchema = z
  .string({ error: "Email is required." })
  .trim()
  .toLowerCase()
  .max(254, "Email is too long.")
  .pipe(z.email({ error: "Enter a valid email address." }));

const COMMON_PASSWORDS = new Set([
  "password", "password1", "password123", "12345678", "123456789", "1234567890", "qwertyuiop", "iloveyou",
  "11111111", "00000000", "abcdefgh", "letmein123", "welcome123", "qwerty123", "passw0rd", "admin123",
]);

/** At least 10 characters, not a well-known password, not one repeated character. */
export const passwordSchema = z
  .string({ error: "Password is required." })
  .min(10, "Password must be at least 10 characters.")
  .max(200, "Password must be at most 200 characters.")
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), "This password is too common; choose another.")
  .refine((p) => new Set(p).size > 3, "Password is too simple; use more different characters.");

export const nameSchema = z.string().trim().max(100, "Name is too long.").optional();
