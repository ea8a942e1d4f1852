import { z } from "zod";
import { ocidNumber } from "@/lib/opencharge/ocid";
import { orderSchema, signatureSchema } from "@/lib/orders/order-schema";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Checked by parseRedirectUrl, which answers INVALID_REDIRECT_URL rather than a generic validation error.
const urlText = z.string().max(4096);

/**
 * Body of POST /opencharge/checkout/create (reference §7.3). The endpoint's documented keys are
 * urls.success / urls.cancel; everywhere else the protocol says completed / cancelled (§10), so both are read.
 */
export const checkoutCreateBody = z.object({
  order: orderSchema,
  signature: signatureSchema,
  merchantOcid: ocidNumber,
  urls: z.looseObject({
    success: urlText.optional(),
    cancel: urlText.optional(),
    completed: urlText.optional(),
    cancelled: urlText.optional(),
  }),
});

export type CheckoutUrlsInput = z.infer<typeof checkoutCreateBody>["urls"];

/** Checkout session ids are "cs_" + 40 hex (160 random bits); anything else is unknown without a lookup. */
export const CHECKOUT_ID_PATTERN = /^cs_[0-9a-f]{40}$/;

// Malformed ids are answered like unknown ones (404) by the domain functions, not as validation errors.
export const checkoutParams = z.object({ id: z.string().min(1).max(200) });

export function isCheckoutId(value: unknown): value is string {
  return typeof value === "string" && CHECKOUT_ID_PATTERN.test(value);
}

/** Our page for a checkout session (the `checkout_url` a merchant gateway sends its customer to). */
export function checkoutUrl(sessionId: string): string {
  return `${getEnv().APP_URL}/checkout/${sessionId}`;
}

/** The one answer for an unknown, malformed or foreign checkout id: it reveals nothing. */
export const checkoutNotFound = () => new AppError("SESSION_NOT_FOUND", "No such checkout.");
