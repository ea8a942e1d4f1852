/**
 * Protocol routes the HTTP server (server/index.ts) hands to their App Router handler directly, without
 * Next.js's router in between. The handler, its checks and its answers are the very same (the route
 * module under app/ is imported as is); only Next's per-request pipeline — about 1 ms of CPU per request,
 * more than the intake's own work — is skipped on the path every QR scan takes (README "Performance").
 *
 * Only routes whose modules keep no in-memory state of their own belong here: these modules are loaded
 * by this server, beside Next's bundled copy of the same code. (Shared state already lives on globalThis:
 * the database connection and its lock, lib/db.ts.)
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { NextRequest } from "next/server";
import { POST as createSessionOrder } from "@/app/opencharge/orders/create/[sessionId]/route";
import securityHeaders from "@/lib/http/security-headers.json";

type RouteHandler = (req: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

type DirectRoute = { method: string; pattern: RegExp; params: string[]; handler: RouteHandler };

const routes: DirectRoute[] = [
  // The QR flow's order intake: every scan at every till (reference §7.4).
  { method: "POST", pattern: /^\/opencharge\/orders\/create\/([^/?#]+)(?:\?.*)?$/, params: ["sessionId"], handler: createSessionOrder },
];

/** The same cap as lib/http/route.ts, which answers 413 PAYLOAD_TOO_LARGE above it. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * Serves `req` when it is a direct route and returns true; returns false (having read nothing) otherwise,
 * and for anything unusual (a malformed escape in the path, say), which Next.js then answers as usual.
 */
export function serveDirectRoute(req: IncomingMessage, res: ServerResponse, origin: string): boolean {
  const url = req.url ?? "";
  for (const route of routes) {
    if (req.method !== route.method) continue;
    const match = route.pattern.exec(url);
    if (!match) continue;
    let params: Record<string, string>;
    try {
      params = Object.fromEntries(route.params.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    } catch {
      return false;
    }
    void handle(route, params, req, res, `${origin}${url}`);
    return true;
  }
  return false;
}

async function handle(route: DirectRoute, params: Record<string, string>, req: IncomingMessage, res: ServerResponse, url: string) {
  try {
    const body = await readBody(req);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const request = new NextRequest(url, { method: req.method, headers, ...(body ? { body } : {}) });
    const response = await route.handler(request, { params: Promise.resolve(params) });
    const payload = Buffer.from(await response.arrayBuffer());
    const out: Record<string, string> = Object.fromEntries(securityHeaders.map((h) => [h.key, h.value]));
    response.headers.forEach((value, name) => (out[name] = value));
    out["content-length"] = String(payload.byteLength);
    res.writeHead(response.status, out);
    res.end(payload);
  } catch (error) {
    // The route wrapper answers every error itself; this is a failure of the plumbing around it.
    console.error("[server] direct route failed:", error instanceof Error ? (error.stack ?? error.message) : error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "INTERNAL_ERROR", message: "Something went wrong on our side. Please try again." } }));
  }
}

/** The body, or its first MAX_BODY_BYTES + 1 bytes when longer (enough for the handler's 413). */
function readBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer> | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      if (size > MAX_BODY_BYTES) return; // drain the rest unread
      chunks.push(chunk);
      size += chunk.byteLength;
    });
    req.on("end", () => resolve(size === 0 ? null : new Uint8Array(Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES + 1))));
    req.on("error", reject);
  });
}
