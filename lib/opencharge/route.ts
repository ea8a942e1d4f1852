/**
 * The wrapper of every Opencharge protocol route: lib/http/route.ts plus request authentication
 * (unless `isPublic`) and response signatures (§4.3) on every answer, errors included, so a
 * counterparty can tell our answers from a man in the middle's.
 */
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { route, type HandlerInput } from "@/lib/http/route";
import { authenticateOpenchargeRequest, recordNonce, signResponseHeaders, type OpenchargeAuth } from "@/lib/opencharge/request-auth";

export type { OpenchargeAuth };

type RouteHandler = ReturnType<typeof route>;
type RouteContext = Parameters<RouteHandler>[1];

type OpenchargeRouteOptions<B, Q, P> = {
  /** Public routes (metadata.json) skip request authentication; their answers are still signed. */
  isPublic?: boolean;
  /**
   * The handler records the request's nonce inside its own transaction (recordNonceIn), so a hot path
   * commits once. Should the request fail after authentication, the nonce is recorded here instead.
   */
  recordsNonce?: boolean;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** Status of a successful answer (default 200). */
  status?: number;
  /** Extra headers for successful answers, e.g. Cache-Control. */
  headers?: Record<string, string>;
};

// Statuses whose responses must not carry a body (the Response constructor throws otherwise).
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

async function withResponseSignature(response: Response): Promise<Response> {
  const text = await response.text();
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(signResponseHeaders(text, response.status))) headers.set(name, value);
  return new Response(NULL_BODY_STATUSES.has(response.status) ? null : text, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

export function openchargeRoute<B = undefined, Q = undefined, P = undefined>(
  options: OpenchargeRouteOptions<B, Q, P> & { isPublic: true },
  handler: (input: HandlerInput<undefined, B, Q, P>) => Promise<unknown>,
): RouteHandler;
export function openchargeRoute<B = undefined, Q = undefined, P = undefined>(
  options: OpenchargeRouteOptions<B, Q, P> & { isPublic?: false },
  handler: (input: HandlerInput<OpenchargeAuth, B, Q, P>) => Promise<unknown>,
): RouteHandler;
export function openchargeRoute<B, Q, P>(
  options: OpenchargeRouteOptions<B, Q, P>,
  // The overloads tie `auth` to `isPublic`; here either handler shape arrives.
  handler: (input: HandlerInput<never, B, Q, P>) => Promise<unknown>,
): RouteHandler {
  const { isPublic, recordsNonce, ...rest } = options;
  const authenticated = new WeakMap<NextRequest, OpenchargeAuth>();
  const authenticate = async (req: NextRequest, rawBody: string) => {
    const auth = await authenticateOpenchargeRequest(req, rawBody, { recordNonce: !recordsNonce });
    if (recordsNonce) authenticated.set(req, auth);
    return auth;
  };
  const inner = route<OpenchargeAuth | undefined, B, Q, P>(
    { ...rest, authenticate: isPublic ? undefined : authenticate },
    handler as (input: HandlerInput<OpenchargeAuth | undefined, B, Q, P>) => Promise<unknown>,
  );
  return async (req: NextRequest, context: RouteContext) => {
    const response = await inner(req, context);
    const auth = authenticated.get(req);
    // A failed request's nonce is spent too (the handler's transaction may already have recorded it).
    if (auth && response.status >= 400) {
      await recordNonce(auth.ocid, auth.nonce).catch((error: unknown) => {
        if (error instanceof AppError && error.code === "NONCE_REUSED") return; // recorded already
        console.error("[opencharge] could not record the nonce of a refused request:", error instanceof Error ? error.message : error);
      });
    }
    return withResponseSignature(response);
  };
}
