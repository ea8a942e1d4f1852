/**
 * The one wrapper every API route handler goes through: authentication, raw body capture (signatures need
 * the exact bytes), zod parsing of params, query and body, and the error envelope
 * {"error":{"code","message","details"?}}. Unknown errors are logged and answered with a generic 500.
 */
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { databaseErrorToAppError, RETRY_AFTER_SECONDS } from "@/lib/db/errors";
import { AppError, errorBody, isAppError, type ErrorBody } from "@/lib/errors";

/** Larger request bodies are refused with 413 PAYLOAD_TOO_LARGE. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export type HandlerInput<A, B, Q, P> = {
  req: NextRequest;
  auth: A;
  body: B;
  query: Q;
  params: P;
  /** The body exactly as received (UTF-8), for signature checks. */
  rawBody: string;
};

type RouteOptions<A, B, Q, P> = {
  /** Runs before anything else; throws an AppError to refuse. Receives the raw body for signature checks. */
  authenticate?: (req: NextRequest, rawBody: string) => Promise<A>;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** Status of a successful answer (default 200). */
  status?: number;
  /** Extra headers for successful answers (e.g. Cache-Control), or a function of the JSON text. */
  headers?: Record<string, string> | ((json: string, status: number) => Promise<Record<string, string>> | Record<string, string>);
};

export function route<A = undefined, B = undefined, Q = undefined, P = undefined>(
  options: RouteOptions<A, B, Q, P>,
  handler: (input: HandlerInput<A, B, Q, P>) => Promise<unknown>,
) {
  return async (req: NextRequest, context: RouteContext): Promise<Response> => {
    try {
      const params = options.params
        ? parseWith(options.params, await context.params, "path parameter")
        : (undefined as P);
      const rawBody = await readBody(req);
      const auth = options.authenticate ? await options.authenticate(req, rawBody) : (undefined as A);
      const query = options.query
        ? parseWith(options.query, Object.fromEntries(req.nextUrl.searchParams), "query parameter")
        : (undefined as Q);
      let body = undefined as B;
      if (options.body) {
        let json: unknown;
        try {
          json = JSON.parse(rawBody);
        } catch {
          throw new AppError("INVALID_JSON", "The request body is not valid JSON.");
        }
        body = parseWith(options.body, json, "body field");
      }
      const result = await handler({ req, auth, body, query, params, rawBody });
      if (result instanceof Response) return result;
      const status = options.status ?? 200;
      const text = JSON.stringify(result);
      const headers =
        typeof options.headers === "function" ? await options.headers(text, status) : (options.headers ?? {});
      return new NextResponse(text, { status, headers: { "content-type": "application/json", ...headers } });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** What an unexpected failure answers (500): nothing about its cause leaves the server. */
export const internalError = () => new AppError("INTERNAL_ERROR", "Something went wrong on our side. Please try again.");

function errorResponse(error: unknown): NextResponse<ErrorBody> {
  if (isAppError(error)) return NextResponse.json(errorBody(error), { status: error.status });
  const known = databaseErrorToAppError(error);
  if (known) {
    // Logged without the error's text: driver messages can quote the values of the statement.
    console.error(`[api] database ${known.code === "SERVICE_UNAVAILABLE" ? "unavailable" : "refused a value"}: ${describeBriefly(error)}`);
    const headers: Record<string, string> = known.status === 503 ? { "retry-after": String(RETRY_AFTER_SECONDS) } : {};
    return NextResponse.json(errorBody(known), { status: known.status, headers });
  }
  console.error("[api] unexpected error:", error instanceof Error ? (error.stack ?? error.message) : error);
  return NextResponse.json(internalError().toBody(), { status: 500 });
}

/** The error's class and code only (no message: it may carry values). */
function describeBriefly(error: unknown): string {
  const e = error as { name?: unknown; code?: unknown } | null;
  return `${typeof e?.name === "string" ? e.name : "error"}${typeof e?.code === "string" ? ` ${e.code}` : ""}`;
}

/** The path of the first string holding a NUL character, or null. PostgreSQL cannot store NUL in text. */
function findNul(value: unknown, path: string[] = [], depth = 0): string[] | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (!value || typeof value !== "object" || depth > 64) return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = findNul(inner, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const nul = findNul(value);
  if (nul) {
    const at = nul.join(".");
    throw new AppError("VALIDATION_ERROR", `Invalid ${what}${at ? ` "${at}"` : ""}: text may not contain NUL characters.`, {
      details: { issues: [{ path: at, message: "text may not contain NUL characters" }] },
    });
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 20).map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  const first = issues[0];
  const message = first ? `Invalid ${what}${first.path ? ` "${first.path}"` : ""}: ${first.message}` : `Invalid ${what}.`;
  throw new AppError("VALIDATION_ERROR", message, { details: { issues } });
}

async function readBody(req: NextRequest): Promise<string> {
  if (req.method === "GET" || req.method === "HEAD") return "";
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const buffer = await req.arrayBuffer();
  if (buffer.byteLength > MAX_BODY_BYTES) throw tooLarge();
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buffer);
  } catch {
    throw new AppError("INVALID_JSON", "The request body is not valid UTF-8.");
  }
}

const tooLarge = () =>
  new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`);
