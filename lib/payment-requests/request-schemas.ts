/** Bodies, queries and path parameters of the payment request endpoints (merchant and payer). */
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { PAYMENT_REQUEST_STATUSES } from "@/lib/payment-requests/status";

export const MIN_EXPIRY_SECONDS = 10;
export const MAX_EXPIRY_SECONDS = 86_400;
export const MAX_DESCRIPTION_LENGTH = 500;
export const MAX_EXTERNAL_REF_LENGTH = 128;
export const MAX_LINE_ITEMS = 100;
export const DEFAULT_HOLD_SECONDS = 3600;
export const MAX_HOLD_SECONDS = 7 * 86_400;

/** An optional field: JSON null counts as absent. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

/**
 * Amounts are decimal strings; anything else (a JSON number, a missing amount) is refused by the domain
 * function as 400 INVALID_AMOUNT, like a malformed string, so every bad amount has one answer.
 */
const amountField = z.unknown();

export const createPaymentRequestBody = z.strictObject({
  value: optional(z.strictObject({ amount: amountField.optional(), currency: z.string().max(16) })),
  expirySeconds: optional(z.number().int().min(MIN_EXPIRY_SECONDS).max(MAX_EXPIRY_SECONDS)),
  notBefore: optional(z.iso.datetime({ offset: true, message: "must be an ISO 8601 time such as 2026-12-01T12:00:00Z" })),
  description: optional(z.string().max(MAX_DESCRIPTION_LENGTH)),
  externalRef: optional(z.string().min(1).max(MAX_EXTERNAL_REF_LENGTH)),
  lineItems: optional(
    z
      .array(z.strictObject({ name: z.string().min(1).max(200), qty: z.number().positive().max(1e9), price: amountField }))
      .min(1)
      .max(MAX_LINE_ITEMS),
  ),
  partialAllowed: optional(z.boolean()),
  payer: optional(z.string().min(1).max(64)),
  capture: optional(z.enum(["auto", "manual"])),
  holdSeconds: optional(z.number().int().min(MIN_EXPIRY_SECONDS).max(MAX_HOLD_SECONDS)),
  callbackUrl: optional(z.string().min(1)),
});
export type CreatePaymentRequestInput = z.infer<typeof createPaymentRequestBody>;

export const paymentRequestParams = z.object({ id: z.string().min(1).max(100) });
export const shortCodeParams = z.object({ shortCode: z.string().min(1).max(100) });

const limit = z.coerce.number().int().min(1).max(100).default(20);

export const listPaymentRequestsQuery = z.object({
  status: z.enum(PAYMENT_REQUEST_STATUSES).optional(),
  externalRef: z.string().min(1).max(MAX_EXTERNAL_REF_LENGTH).optional(),
  limit,
  cursor: z.string().min(1).max(100).optional(),
});

export const payerRequestsQuery = z.object({
  code: z.string().max(100).optional(),
  limit,
});

export const cancelBody = z.strictObject({ reason: optional(z.string().max(MAX_DESCRIPTION_LENGTH)) });
export const declineBody = cancelBody;
/** Capture takes nothing: an empty body or {}. */
export const captureBody = z.strictObject({});
export const releaseBody = cancelBody;
export const acceptBody = cancelBody;

export const refundBody = z.strictObject({
  amount: amountField,
  /** The merchant's reference: a refund happens once per reference (required). */
  externalRef: z.string().min(1).max(MAX_EXTERNAL_REF_LENGTH),
  /** The txid of the payment to refund, when the request has several. */
  payment: optional(z.string().min(1).max(100)),
  /** Optional: when given it must be the request's currency. */
  currency: optional(z.string().max(16)),
});
export type RefundInput = z.infer<typeof refundBody>;

export const payBody = z.strictObject({
  amount: optional(amountField),
  /** Only for an amount-less request, whose currency the first payment chooses. */
  currency: optional(z.string().max(16)),
});
export type PayInput = z.infer<typeof payBody>;

/**
 * A body that may be left out entirely (`POST …/cancel`, `…/pay`, `…/decline` with nothing to say): an
 * empty body is `{}`; anything else must be JSON matching `schema` (400 INVALID_JSON / VALIDATION_ERROR,
 * the envelope route() gives).
 */
export function parseOptionalBody<T>(schema: z.ZodType<T>, rawBody: string): T {
  let json: unknown = {};
  if (rawBody.trim() !== "") {
    try {
      json = JSON.parse(rawBody);
    } catch {
      throw new AppError("INVALID_JSON", "The request body is not valid JSON.");
    }
  }
  // PostgreSQL cannot store NUL in text; route() refuses it the same way.
  if (JSON.stringify(json).includes("\\u0000")) {
    throw new AppError("VALIDATION_ERROR", "Invalid body: text may not contain NUL characters.", {
      details: { issues: [{ path: "", message: "text may not contain NUL characters" }] },
    });
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 20).map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  const first = issues[0];
  throw new AppError("VALIDATION_ERROR", first ? `Invalid body field${first.path ? ` "${first.path}"` : ""}: ${first.message}` : "Invalid body.", {
    details: { issues },
  });
}
