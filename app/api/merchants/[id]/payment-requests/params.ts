import { z } from "zod";

/** Path parameters of one request of a merchant: shape only (a wrong id is answered like an unknown one, 404). */
export const ownerRequestParams = z.object({ id: z.string().min(1).max(100), prId: z.string().min(1).max(100) });
