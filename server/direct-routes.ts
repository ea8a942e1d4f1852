/**
 * What the HTTP server (server/index.ts) answers without Next.js's router:
 *  - protocol routes handed to their App Router handler directly. The handler, its checks and its answers
 *    are the very same (the route module under app/ is imported as is); only Next's per-request pipeline —
 *    about 1 ms of CPU per request, more than the intake's own work — is skipped on the path every QR scan
 *    takes (README "Performance");
 *  - paths that are not valid percent-encoding, which Next.js would answer with a 500.
 *
 * These modules are loaded by this server, beside Next's bundled copy of the same code, so state that
 * must be one per process lives on globalThis: the database connection and its lock (lib/db/index.ts), the
 * counterparty metadata cache (lib/opencharge/resolver.ts). What is left per copy is harmless: the
 * nonce-prune clock (at most two prunes a minute), decoded public keys, the signed metadata document.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { NextRequest } from "next/server";
import { POST as createSessionOrder } from "@/app/opencharge/orders/create/[sessionId]/route";
import { AppError } from "@/lib/errors";
import { canonicalRedirect } from "@/lib/http/canonical-origin";
import { internalError, MAX_BODY_BYTES } from "@/lib/http/route";
import securityHeaderList from "@/lib/http/security-headers.json";
import { signResponseHeaders } from "@/lib/opencharge/request-auth";

type RouteHandler = (req: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

type DirectRoute = { method: string; pattern: RegExp; params: string[]; handler: RouteHandler };

const routes: DirectRoute[] = [
  // The QR flow's order intake: every scan at every till (reference §7.4).
  { method: "POST", pattern: /^\/opencharge\/orders\/create\/([^/?#]+)(?:\?.*)?$/, params: ["sessionId"], handler: createSessionOrder },
];

/** The headers next.config.mjs adds to every answer, lower-cased like those of a Response. */
const securityHeaders: Record<string, string> = Object.fromEntries(securityHeaderList.map((h) => [h.key.toLowerCase(), h.value]));

/**
 * A path that is not valid percent-encoding (e.g. /checkout/%E0%A4%A) makes Next.js answer 500 when it
 * decodes a dynamic segment, and a NUL in the path or query (%00) reaches the database, which PostgreSQL
 * refuses. No request may get a 5xx by its shape alone, so such URLs end here with a 400: in the error
 * envelope for API and protocol paths (signed, like every protocol answer), as text elsewhere.
 */
export function refuseMalformedPath(req: IncomingMessage, res: ServerResponse): boolean {
  const [path = "/", query = ""] = (req.url ?? "/").split(/\?(.*)/s);
  let message: string | null = null;
  try {
    // No text column can hold NUL (PostgreSQL refuses it), so no page or route may receive one.
    if (decodeURIComponent(path).includes("\u0000")) message = "The URL contains a NUL character.";
  } catch {
    message = "The URL path is not valid percent-encoding.";
  }
  if (!message) {
    for (const [name, value] of new URLSearchParams(query)) {
      if (name.includes("\u0000") || value.includes("\u0000")) message = "The URL contains a NUL character.";
    }
  }
  if (!message) return false;
  if (/^\/(api|opencharge)(\/|$)/.test(path)) {
    const text = JSON.stringify(new AppError("BAD_REQUEST", message).toBody());
    let signature: Record<string, string> = {};
    try {
      if (path.startsWith("/opencharge")) signature = signResponseHeaders(text, 400);
    } catch (error) {
      // No usable gateway key: npm start refuses to run without one, so this is only belt and braces.
      console.error("[server] cannot sign a response:", error instanceof Error ? error.message : error);
    }
    res.writeHead(400, { ...securityHeaders, ...signature, "content-type": "application/json" });
    res.end(text);
  } else {
    res.writeHead(400, { ...securityHeaders, "content-type": "text/plain; charset=utf-8" });
    res.end(`400 Bad Request: ${message}\n`);
  }
  return true;
}

/**
 * A page opened under another loopback name for this server (127.0.0.1 while APP_URL says localhost) is
 * redirected to APP_URL's origin, where its cookie and forms work (lib/http/canonical-origin.ts). Only page
 * GETs: API and protocol clients are answered where they called, and Next's own assets follow the page.
 * Here rather than in a Next.js proxy, because Next rewrites a same-server redirect to a relative one.
 */
export function redirectToAppOrigin(req: IncomingMessage, res: ServerResponse, appUrl: string): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const url = req.url ?? "/";
  if (/^\/(api|opencharge|_next)(\/|$)/.test(url)) return false;
  const target = canonicalRedirect({ appUrl, host: req.headers.host ?? null, path: url });
  if (!target) return false;
  res.writeHead(307, { ...securityHeaders, location: target, "cache-control": "no-store" });
  res.end();
  return true;
}

/**
 * Serves `req` when it is a direct route and returns true; returns false (having read nothing) otherwise.
 * Runs after refuseMalformedPath, so every path segment decodes.
 */
export function serveDirectRoute(req: IncomingMessage, res: ServerResponse, origin: string): boolean {
  const url = req.url ?? "";
  for (const route of routes) {
    if (req.method !== route.method) continue;
    const match = route.pattern.exec(url);
    if (!match) continue;
    const params = Object.fromEntries(route.params.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    void handle(route, params, req, res, `${origin}${url}`);
    return true;
  }
  return false;
}

async function handle(route: DirectRoute, params: Record<string, string>, req: IncomingMessage, res: ServerResponse, url: string) {
  try {
    const { body, isTooLarge } = await readBody(req);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const request = new NextRequest(url, { method: req.method, headers, ...(body ? { body } : {}) });
    const response = await route.handler(request, { params: Promise.resolve(params) });
    const payload = Buffer.from(await response.arrayBuffer());
    const out: Record<string, string> = { ...securityHeaders };
    response.headers.forEach((value, name) => (out[name] = value));
    out["content-length"] = String(payload.byteLength);
    // The rest of an oversized body is never read: close the connection after answering.
    if (isTooLarge) out.connection = "close";
    res.writeHead(response.status, out);
    res.end(payload);
  } catch (error) {
    // The route wrapper answers every error itself; this is a failure of the plumbing around it.
    console.error("[server] direct route failed:", error instanceof Error ? (error.stack ?? error.message) : error);
    if (!res.headersSent) res.writeHead(500, { ...securityHeaders, "content-type": "application/json" });
    res.end(JSON.stringify(internalError().toBody()));
  }
}

/**
 * The body, unless it is over MAX_BODY_BYTES: then reading stops at once — before the first byte when
 * Content-Length says so (the handler answers 413 from the header), after MAX_BODY_BYTES + 1 bytes of a
 * stream that does not (enough for the handler to see it is too large).
 */
function readBody(req: IncomingMessage): Promise<{ body: Uint8Array<ArrayBuffer> | null; isTooLarge: boolean }> {
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) return Promise.resolve({ body: null, isTooLarge: true });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let isFinished = false;
    const finish = (isTooLarge: boolean) => {
      if (isFinished) return;
      isFinished = true;
      req.off("data", onData);
      const body = size === 0 ? null : new Uint8Array(Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES + 1));
      resolve({ body, isTooLarge });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) {
        req.pause();
        finish(true);
      }
    };
    req.on("data", onData);
    req.on("end", () => finish(false));
    req.on("error", reject);
  });
}
