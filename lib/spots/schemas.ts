/** Bodies, queries and path parameters of the spot endpoints (merchant key, owner session, wallet). */
import { z } from "zod";
import { SPOT_STATUSES } from "@/lib/spots/status";

export const LOCATION_TITLE_MAX = 100;
export const LOCATION_DESCRIPTION_MAX = 500;
export const LOCATION_ADDRESS_MAX = 300;
export const SPOT_IDENTIFIER_MAX = 64;

/** Optional text: JSON null or only blanks count as absent. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : undefined));

export const createLocationBody = z.strictObject({
  title: z.string({ error: "Give the location a title." }).trim().min(1, "Give the location a title.").max(LOCATION_TITLE_MAX),
  description: optionalText(LOCATION_DESCRIPTION_MAX),
  address: optionalText(LOCATION_ADDRESS_MAX),
});
export type CreateLocationInput = z.infer<typeof createLocationBody>;

export const createSpotBody = z.strictObject({
  identifier: z
    .string({ error: "Give the spot an identifier, such as table1." })
    .trim()
    .min(1, "Give the spot an identifier, such as table1.")
    .max(SPOT_IDENTIFIER_MAX)
    // Printed under its QR code and shown to the customer: one line of visible text.
    .regex(/^[^\p{Cc}\p{Cf}]+$/u, "use visible characters only"),
});

export const listSpotsQuery = z.object({
  status: z.enum(SPOT_STATUSES).optional(),
  locationId: z.string().min(1).max(100).optional(),
});

export const attachOrderBody = z.strictObject({
  paymentRequestId: z.string({ error: "Give the paymentRequestId of the order." }).min(1).max(100),
});

/** Path parameters: shape only. An id or token of the wrong form is answered like an unknown one (404). */
const id = z.string().min(1).max(100);
export const locationParams = z.object({ id });
export const spotParams = z.object({ id });
export const spotTokenParams = z.object({ token: z.string().min(1).max(100) });
export const ownerLocationParams = z.object({ id, locationId: id });
export const ownerSpotParams = z.object({ id, spotId: id });
