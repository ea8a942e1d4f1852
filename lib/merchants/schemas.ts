import { z } from "zod";

export const MERCHANT_NAME_MAX = 100;

export const merchantNameSchema = z
  .string({ error: "Name is required." })
  .trim()
  .min(1, "Give the merchant a name.")
  .max(MERCHANT_NAME_MAX, `A merchant's name has at most ${MERCHANT_NAME_MAX} characters.`);

export const MERCHANT_KEY_SCOPES = ["payments", "refunds"] as const;
export type MerchantKeyScope = (typeof MERCHANT_KEY_SCOPES)[number];

/** Scopes of a new key: a non-empty subset of payments, refunds (duplicates ignored). */
export const merchantKeyScopesSchema = z
  .array(z.enum(MERCHANT_KEY_SCOPES, { error: 'A scope is "payments" or "refunds".' }))
  .min(1, "A key needs at least one scope.")
  .max(MERCHANT_KEY_SCOPES.length * 2)
  .transform((scopes) => MERCHANT_KEY_SCOPES.filter((scope) => scopes.includes(scope)));

export const merchantKeyNameSchema = z
  .string()
  .trim()
  .min(1, "Give the key a name.")
  .max(100, "A key's name has at most 100 characters.");

/** Path parameters: shape only. An id of the wrong form is answered like an unknown one (404). */
export const merchantParams = z.object({ id: z.string().min(1).max(100) });
export const merchantKeyParams = z.object({ id: z.string().min(1).max(100), keyId: z.string().min(1).max(100) });
