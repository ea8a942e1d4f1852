/**
 * Signed requests to counterparties (§4): the body is serialised once (compact JSON) and exactly those
 * bytes are hashed, signed and sent, with a fresh timestamp and nonce per call. Outbound rules (https,
 * no private addresses, no redirects, timeout, size cap) are those of outbound-http.ts.
 */
import { buildRequestHeaders } from "@/lib/opencharge/request-auth";
import { OutboundRequestError, sendHttpRequest } from "@/lib/opencharge/outbound-http";
import type { Counterparty } from "@/lib/opencharge/resolver";
import { signedRequestPath, type RequestPathMode } from "@/lib/opencharge/signing-profile";
import type { SignatureEncoding } from "@/lib/opencharge/crypto";

export { OutboundRequestError, type OutboundFailureKind } from "@/lib/opencharge/outbound-http";

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 64 * 1024;

export type SignedResponse = {
  status: number;
  text: string;
  /** The parsed body, or undefined when it is not JSON (or was cut at the size cap). */
  json: unknown;
  latencyMs: number;
  /** True when the answer was longer than 64 KB and only its start was read. */
  truncated: boolean;
};

/** Sends one signed request. Throws OutboundRequestError when no answer came (timeout, network, refused address). */
export async function sendSignedRequest(options: {
  url: string;
  method: "GET" | "POST";
  /** An object is sent as compact JSON; a string is sent as is (already serialised). */
  body?: unknown;
  timeoutMs?: number;
  /**
   * How X-OC-Signature is made for this counterparty (its profile): which path it signs ("relative" is
   * below `endpoint`, its config.endpoint) and how the signature is encoded. Default: the spec's.
   */
  signing?: { requestPath: RequestPathMode; signatureEncoding: SignatureEncoding; endpoint?: string };
}): Promise<SignedResponse> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new OutboundRequestError("refused_address", `"${options.url}" is not an absolute URL`);
  }
  if (options.method === "GET" && options.body !== undefined) throw new TypeError("sendSignedRequest: a GET carries no body");
  const body = options.body === undefined ? "" : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  const signing = options.signing;
  const headers: Record<string, string> = {
    accept: "application/json",
    ...buildRequestHeaders({
      method: options.method,
      url,
      body,
      ...(signing && {
        path: signedRequestPath(url, signing.requestPath, signing.endpoint),
        signatureEncoding: signing.signatureEncoding,
      }),
    }),
  };
  if (options.method === "POST") headers["content-type"] = "application/json";
  const response = await sendHttpRequest({
    url,
    method: options.method,
    headers,
    body: options.method === "POST" ? body : undefined,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxResponseBytes: MAX_RESPONSE_BYTES,
  });
  let json: unknown;
  if (!response.truncated) {
    try {
      json = JSON.parse(response.text);
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, text: response.text, json, latencyMs: response.latencyMs, truncated: response.truncated };
}

/** `path` (e.g. "/transfer/webhook") under the counterparty's `config.endpoint`. */
export function counterpartyUrl(counterparty: Pick<Counterparty, "endpoint">, path: string): string {
  return `${counterparty.endpoint.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}
