/**
 * What a scanned QR code names, decided in the browser before anything is opened. Only our own pages are
 * ever opened, by a path on our origin: a payment request (`${APP_URL}/pay/{id}`, `/pay?code=…`), a spot
 * (`${APP_URL}/s/{token}`), a user's personal payment page (`${APP_URL}/u/{handle}`), or a bare short code.
 *
 * An Opencharge merchant's order QR code (protocol flow 3) is not opened either: its order URL is handed
 * to our server (POST /api/wallet/sessions {orderUrl}), which fetches it through its address guard and
 * verifies the signed order before anything is shown. It is recognised in two forms:
 *  - the protocol's QR payload, JSON `{"ocid": <merchant OCID>, "order": "<order URL>", "expiresAt": …}`
 *    (reference §6) whose order URL is another site's http(s) URL — the JSON shape says what it is. A
 *    wallet's own pay code has the same shape with `…/orders/create/{sessionId}`: that one is for a till;
 *  - a bare http(s) URL of another site whose path ends in `/orders/{id}`, the shape of the protocol's
 *    order URLs (`<merchant endpoint>/orders/<orderId>`). Any other URL of another site is refused as
 *    before — treating every foreign URL as an order would make our server fetch whatever a QR code says.
 * Anything else opens nothing and is described instead. No imports: this runs in the browser.
 */
export type ScanTarget =
  | { kind: "open"; path: string; what: "payment request" | "spot" | "payment form" }
  | { kind: "order"; orderUrl: string; what: "merchant order" }
  | { kind: "refused"; reason: "foreign-url" | "wallet-pay-code" | "unknown"; text: string };

const SHORT_CODE = /^[2-9A-HJ-NP-Z]{8}$/;
const PATH_SEGMENT = /^[A-Za-z0-9_-]{1,100}$/;
/** A handle as a personal QR code writes it (lib/handles/handle-rules.ts), any case. */
const HANDLE_SEGMENT = /^[A-Za-z0-9_]{3,30}$/;
/** `…/orders/{id}` (not `…/orders/create/…`, a wallet's pay session): an order id as merchants write them. */
const ORDER_PATH = /\/orders\/(?!create\/?$)[A-Za-z0-9._~%:-]{1,200}\/?$/;
const MAX_ORDER_URL_LENGTH = 2048;

/** `origins`: the origins that are ours (the configured APP_URL and the one the page was opened on). */
export function scanTarget(raw: string, origins: readonly string[]): ScanTarget {
  const text = raw.trim();
  const compact = text.toUpperCase().replace(/[\s-]/g, "");
  if (SHORT_CODE.test(compact)) {
    return { kind: "open", path: `/pay?code=${compact.slice(0, 2)}-${compact.slice(2, 5)}-${compact.slice(5)}`, what: "payment request" };
  }
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { kind: "refused", reason: "unknown", text };
    }
    if (url.username || url.password) return { kind: "refused", reason: "foreign-url", text };
    if (!origins.includes(url.origin)) {
      if (ORDER_PATH.test(url.pathname) && text.length <= MAX_ORDER_URL_LENGTH) return { kind: "order", orderUrl: url.href, what: "merchant order" };
      return { kind: "refused", reason: "foreign-url", text };
    }
    const [first, second, ...rest] = url.pathname.split("/").filter(Boolean);
    if (first === "pay" && second && rest.length === 0 && PATH_SEGMENT.test(second)) {
      return { kind: "open", path: `/pay/${second}`, what: "payment request" };
    }
    if (first === "pay" && !second) {
      const code = url.searchParams.get("code");
      if (code) return { kind: "open", path: `/pay?code=${encodeURIComponent(code.slice(0, 40))}`, what: "payment request" };
    }
    if (first === "s" && second && rest.length === 0 && PATH_SEGMENT.test(second)) return { kind: "open", path: `/s/${second}`, what: "spot" };
    if (first === "u" && second && rest.length === 0 && HANDLE_SEGMENT.test(second)) return { kind: "open", path: `/u/${second}`, what: "payment form" };
    return { kind: "refused", reason: "unknown", text };
  }
  const payload = openchargeQrPayload(text);
  if (payload) {
    let url: URL | undefined;
    try {
      url = new URL(payload.order);
    } catch {
      url = undefined;
    }
    if (url && /\/orders\/create\/[^/]+\/?$/.test(url.pathname)) return { kind: "refused", reason: "wallet-pay-code", text };
    if (
      url &&
      (url.protocol === "https:" || url.protocol === "http:") &&
      !url.username &&
      !url.password &&
      !origins.includes(url.origin) &&
      payload.order.length <= MAX_ORDER_URL_LENGTH
    ) {
      return { kind: "order", orderUrl: url.href, what: "merchant order" };
    }
  }
  return { kind: "refused", reason: "unknown", text };
}

/** The protocol's QR payload `{ocid, order, expiresAt}` (a merchant's order, or a wallet's pay session). */
function openchargeQrPayload(text: string): { ocid: number; order: string } | null {
  if (!text.startsWith("{")) return null;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    return typeof value.ocid === "number" && typeof value.order === "string" ? { ocid: value.ocid, order: value.order } : null;
  } catch {
    return null;
  }
}
