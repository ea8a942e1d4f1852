/**
 * Protocol flow 3: GET the order URL of a merchant's QR code. Policy (opencharge-protocol.md §10, §13):
 * the URL answers `{order, signature, urls?}` as JSON — the signed order and, optionally, its URLs
 * (`order[]`, `completed`, `cancelled`); 404 ORDER_NOT_FOUND and 410 ORDER_EXPIRED are its refusals.
 *
 * The URL comes from a QR code, i.e. from anyone, so the request goes through the address guard of
 * outbound-http.ts (https only, no private, loopback or link-local address unless OPENCHARGE_ALLOW_HTTP=1,
 * no redirects followed) with a timeout and a size cap. The GET carries our X-OC-* headers (§4.1: harmless
 * on unauthenticated GETs; a merchant may serve its orders only to gateways it knows).
 *
 * This only fetches and reads the answer; nothing here trusts it. The order is verified afterwards with
 * the key the resolver finds for `order.ocid` (never a key or metadata URL the order's host hands us).
 */
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import { sendHttpRequest } from "@/lib/opencharge/outbound-http";
import { buildRequestHeaders } from "@/lib/opencharge/request-auth";
import { orderSchema, signatureSchema, type Order } from "@/lib/orders/order-schema";

export const ORDER_FETCH_TIMEOUT_MS = 5_000;
/** An order of MAX_ORDER_ITEMS items with long names fits; anything larger is not an order. */
export const MAX_ORDER_RESPONSE_BYTES = 256 * 1024;

export type FetchedMerchantOrder = {
  /** The order exactly as parsed from the answer: the signature covers unknown members too. */
  rawOrder: unknown;
  order: Order;
  signature: string;
  urls: Record<string, unknown>;
};

const url = z.string().max(2048).url();
const urlsSchema = z.looseObject({
  order: z.array(url).max(10).optional(),
  completed: url.optional(),
  cancelled: url.optional(),
});

/**
 * Throws AppError METADATA_UNAVAILABLE (502) when no signed order could be fetched (no answer, refused
 * address, redirect, 404 or another status, not JSON, too large, not `{order, signature}`), ORDER_EXPIRED
 * (400) when the merchant answers 410, INVALID_ORDER (400) when the order it answers is malformed.
 */
export async function fetchMerchantOrder(orderUrl: URL, options: { timeoutMs?: number } = {}): Promise<FetchedMerchantOrder> {
  let response;
  try {
    response = await sendHttpRequest({
      url: orderUrl,
      method: "GET",
      headers: { accept: "application/json", ...buildRequestHeaders({ method: "GET", url: orderUrl, body: "" }) },
      timeoutMs: options.timeoutMs ?? ORDER_FETCH_TIMEOUT_MS,
      maxResponseBytes: MAX_ORDER_RESPONSE_BYTES,
    });
  } catch (error) {
    // By shape, not instanceof (one error type of one module copy; see lib/errors.ts).
    const kind = outboundFailureKind(error);
    if (!kind) throw error;
    throw unavailable(kind === "refused_address" ? "refused_address" : "unreachable", (error as Error).message);
  }

  if (response.status === 410) {
    throw new AppError("ORDER_EXPIRED", "The merchant says this order has expired.", { details: { orderUrl: orderUrl.href } });
  }
  if (response.status >= 300 && response.status < 400) {
    throw unavailable("redirect", `${orderUrl.origin} answered with a redirect (HTTP ${response.status}), which is not followed`);
  }
  if (response.status !== 200) throw unavailable("http_status", `${orderUrl.origin} answered HTTP ${response.status}`, { httpStatus: response.status });
  if (response.truncated) throw unavailable("too_large", `the answer is larger than ${MAX_ORDER_RESPONSE_BYTES / 1024} KB`);

  let document: unknown;
  try {
    document = JSON.parse(response.text);
  } catch {
    throw unavailable("not_json", "the answer is not JSON");
  }
  if (!isRecord(document) || !isRecord(document.order) || typeof document.signature !== "string") {
    throw unavailable("not_an_order", "the answer is not a signed Opencharge order {order, signature}");
  }

  const order = orderSchema.safeParse(document.order);
  if (!order.success) throw invalid("order", order.error);
  const signature = signatureSchema.safeParse(document.signature);
  if (!signature.success) throw invalid("signature", signature.error);
  const urls = urlsSchema.safeParse(document.urls ?? {});
  if (!urls.success) throw invalid("urls", urls.error);
  return { rawOrder: document.order, order: order.data, signature: signature.data, urls: urls.data };
}

type UnavailableReason = "unreachable" | "refused_address" | "redirect" | "http_status" | "too_large" | "not_json" | "not_an_order";

function unavailable(reason: UnavailableReason, why: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError("METADATA_UNAVAILABLE", `The merchant's order could not be fetched: ${why}.`, { details: { reason, ...extra } });
}

function invalid(field: string, error: z.ZodError): AppError {
  const issues = error.issues.slice(0, 20).map((issue) => ({ path: [field, ...issue.path].join("."), message: issue.message }));
  const first = issues[0];
  return new AppError("INVALID_ORDER", `The merchant's order is malformed${first ? `: "${first.path}" ${first.message}` : "."}`, { details: { issues } });
}

function outboundFailureKind(error: unknown): string | null {
  if (isAppError(error) || typeof error !== "object" || error === null) return null;
  const { name, kind } = error as { name?: unknown; kind?: unknown };
  return name === "OutboundRequestError" && typeof kind === "string" ? kind : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
