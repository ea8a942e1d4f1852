import { z } from "zod";
import { AppError } from "@/lib/errors";

export const sessionParams = z.object({ sessionId: z.string().min(1).max(200) });

/**
 * An order URL from a merchant's QR code: an absolute http(s) URL without credentials. Whether it may be
 * contacted (https, public address) is the address guard's decision when it is fetched.
 */
export const orderUrlSchema = z
  .string()
  .max(2048, "orderUrl is at most 2048 characters")
  .refine((text) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return false;
    }
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "" && !url.username && !url.password;
  }, "orderUrl must be an absolute http(s) URL without credentials");

/** Body of POST /api/wallet/sessions: none (a QR code for a till to scan) or {orderUrl} (flow 3). */
export const createSessionBody = z.object({ orderUrl: orderUrlSchema.optional() });

/**
 * The body of POST /api/wallet/sessions, which may be empty (the QR flow's create has always been a bare
 * POST). Errors in the envelope of the route wrapper: INVALID_JSON, VALIDATION_ERROR with `issues`.
 */
export function parseCreateSessionBody(rawBody: string): z.infer<typeof createSessionBody> {
  if (rawBody.trim() === "") return {};
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError("INVALID_JSON", "The request body is not valid JSON.");
  }
  const result = createSessionBody.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 20).map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  const first = issues[0];
  throw new AppError("VALIDATION_ERROR", first ? `Invalid body field${first.path ? ` "${first.path}"` : ""}: ${first.message}` : "Invalid body.", {
    details: { issues },
  });
}
