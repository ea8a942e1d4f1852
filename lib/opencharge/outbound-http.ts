/**
 * Every HTTP request this gateway makes to a counterparty (metadata fetches, signed requests, webhooks)
 * goes through `sendHttpRequest`, so the outbound rules live in one place:
 *  - https only, and never to a private, loopback or link-local address (SSRF: metadata URLs and
 *    endpoints come from other parties), unless OPENCHARGE_ALLOW_HTTP=1 (tests, local demos);
 *  - redirects are never followed (a 3xx is returned as it is);
 *  - a hard timeout and a cap on the response size.
 *
 * The address check runs inside the socket's DNS lookup, on every address the name resolves to, so the
 * connection goes to an address that was checked (a separate dns.lookup before fetch() could be
 * answered differently the second time: DNS rebinding).
 */
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { getEnv } from "@/lib/env";

export type OutboundFailureKind = "timeout" | "network" | "refused_address";

export class OutboundRequestError extends Error {
  readonly kind: OutboundFailureKind;

  constructor(kind: OutboundFailureKind, message: string) {
    super(message);
    this.name = "OutboundRequestError";
    this.kind = kind;
  }
}

export type HttpResult = {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The response body (UTF-8), at most `maxResponseBytes` bytes of it. */
  text: string;
  /** True when the body was longer than `maxResponseBytes` and the rest was not read. */
  truncated: boolean;
  latencyMs: number;
};

export type HttpRequestOptions = {
  url: URL;
  method: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxResponseBytes: number;
};

// ---------------------------------------------------------------------------------------------
// Address guard

function ipv4Octets(address: string): number[] | null {
  const parts = address.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const octets = parts.map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

function isBlockedIPv4([a = 0, b = 0, c = 0]: number[]): boolean {
  return (
    a === 0 || // "this" network
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local (cloud metadata services live here)
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && c === 0) || // IETF protocol assignments
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast, reserved, broadcast
  );
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped, trailing dotted quad folded in), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase().replace(/%.*$/, "");
  if (isIP(text) !== 6) return null;
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v4 = ipv4Octets(tail);
    if (!v4) return null;
    const [a = 0, b = 0, c = 0, d = 0] = v4;
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split("::");
  const parse = (s: string | undefined) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const head = parse(halves[0]);
  const rest = parse(halves[1]);
  const groups = halves.length === 2 ? [...head, ...Array<number>(8 - head.length - rest.length).fill(0), ...rest] : head;
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

function embeddedIPv4(high: number, low: number): number[] {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff];
}

/**
 * True when `address` must not be contacted: loopback, private, link-local, carrier-grade NAT,
 * unspecified, multicast/reserved, and IPv6 forms that embed such an IPv4 address (::ffff:-mapped,
 * IPv4-compatible, NAT64, 6to4). Anything that is not an IP address counts as blocked (fail closed).
 */
export function isPrivateAddress(address: string): boolean {
  const v4 = ipv4Octets(address);
  if (v4) return isBlockedIPv4(v4);
  const g = ipv6Groups(address);
  if (!g) return true;
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const firstFiveZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (firstFiveZero && (g5 === 0 || g5 === 0xffff)) {
    // ::/96 (incl. :: and ::1) and ::ffff:0:0/96 carry an IPv4 address in the last 32 bits.
    if (g5 === 0 && g6 === 0 && g7 <= 1) return true;
    return isBlockedIPv4(embeddedIPv4(g6, g7));
  }
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return isBlockedIPv4(embeddedIPv4(g6, g7));
  if (g0 === 0x2002) return isBlockedIPv4(embeddedIPv4(g1, g2));
  return (
    (g0 & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (g0 & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (g0 & 0xffc0) === 0xfec0 || // deprecated site-local fec0::/10
    (g0 & 0xff00) === 0xff00 // multicast
  );
}

const refusedAddress = (host: string) =>
  new OutboundRequestError(
    "refused_address",
    `refused to contact ${host}: it is (or resolves to) a private, loopback or link-local address`,
  );

/** A socket lookup that resolves every address of the name and refuses the connection if any is private. */
function guardedLookup(): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { family: options.family, hints: options.hints, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const first = addresses[0];
      if (!first || addresses.some((a) => isPrivateAddress(a.address))) return callback(refusedAddress(hostname), "", 0);
      if (options.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

/** Refuses plain http and private IP literals up front (names are checked at connect time). */
export function assertOutboundUrlAllowed(url: URL, allowInsecure: boolean): void {
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new OutboundRequestError("refused_address", `refused ${url.protocol} URL: only https is allowed`);
  }
  if (allowInsecure) return;
  if (url.protocol === "http:") {
    throw new OutboundRequestError("refused_address", `refused plain http URL ${url.origin}: https is required`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && isPrivateAddress(host)) throw refusedAddress(host);
}

// ---------------------------------------------------------------------------------------------
// Request

function describeNetworkError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return code;
  return error instanceof Error ? error.message : "unknown error";
}

/** One HTTP request under the outbound rules above. Throws OutboundRequestError when no answer came. */
export function sendHttpRequest(options: HttpRequestOptions): Promise<HttpResult> {
  const { url, method, body, timeoutMs, maxResponseBytes } = options;
  const allowInsecure = getEnv().OPENCHARGE_ALLOW_HTTP;
  assertOutboundUrlAllowed(url, allowInsecure);
  const transport = url.protocol === "https:" ? https : http;
  const headers: Record<string, string> = { "user-agent": "opencharge-wallet", ...options.headers };
  if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body, "utf8"));
  const started = performance.now();

  return new Promise<HttpResult>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      finish();
    };
    const fail = (error: OutboundRequestError) =>
      settle(() => {
        request.destroy();
        reject(error);
      });

    const request = transport.request(
      url,
      {
        method,
        headers,
        // No connection pooling: every request gets its own checked connection and nothing lingers.
        agent: false,
        lookup: allowInsecure ? undefined : guardedLookup(),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = (truncated: boolean) =>
          settle(() => {
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              text: Buffer.concat(chunks).toString("utf8"),
              truncated,
              latencyMs: Math.round(performance.now() - started),
            });
            if (truncated) response.destroy();
          });
        response.on("data", (chunk: Buffer) => {
          const room = maxResponseBytes - size;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            size = maxResponseBytes;
            done(true);
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        response.on("end", () => done(false));
        response.on("error", (error) =>
          fail(new OutboundRequestError("network", `${url.origin}: connection lost (${describeNetworkError(error)})`)),
        );
        response.on("close", () => {
          if (!response.complete) fail(new OutboundRequestError("network", `${url.origin}: connection closed mid-answer`));
        });
      },
    );
    timer = setTimeout(
      () => fail(new OutboundRequestError("timeout", `${url.origin}: no complete answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    request.on("error", (error) =>
      fail(
        error instanceof OutboundRequestError
          ? error
          : new OutboundRequestError("network", `${url.origin}: ${describeNetworkError(error)}`),
      ),
    );
    request.end(body);
  });
}
