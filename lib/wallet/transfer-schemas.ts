/** Bodies and limits of sending money between users (POST /api/wallet/transfers). No server imports: forms use the limits too. */
import { z } from "zod";

export const MEMO_MAX_LENGTH = 140;

/** An optional field: JSON null counts as absent. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

/** A memo: trimmed, one line of at most 140 characters; an empty one is no memo. */
export const memoSchema = z
  .string()
  .transform((text) => text.trim())
  .pipe(
    z
      .string()
      .max(MEMO_MAX_LENGTH, `A memo is at most ${MEMO_MAX_LENGTH} characters.`)
      .regex(/^[^\p{Cc}]*$/u, "A memo is one line of text, without control characters."),
  )
  .transform((text) => (text === "" ? undefined : text));

export const sendMoneyBody = z.strictObject({
  /** The recipient's handle, with or without "@". */
  to: z.string().min(1, "Give the recipient's handle.").max(100),
  /**
   * A decimal string. Anything else (a JSON number, a missing amount) is refused by sendMoney as 400
   * INVALID_AMOUNT like a malformed string, so every bad amount has one answer.
   */
  amount: z.unknown().optional(),
  currency: z.string().max(16),
  memo: optional(memoSchema),
});
export type SendMoneyInput = z.infer<typeof sendMoneyBody>;

export const recipientParams = z.object({ handle: z.string().min(1).max(100) });
