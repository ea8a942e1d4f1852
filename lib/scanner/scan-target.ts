/**
 * What a scanned QR code names, decided in the browser before anything is opened. Only our own pages are
 * ever opened, by a path on our origin: a payment request (`${APP_URL}/pay/{id}`, `/pay?code=…`), a spot
 * (`${APP_URL}/s/{token}`), a user's personal payment page (`${APP_URL}/u/{handle}`), or a bare short code. Anything else — another site's URL above all — opens
 * nothing and is described instead. No imports: this runs in the browser.
 */
export type ScanTarget =
  | { kind: "open"; path: string; what: "payment request" | "spot" | "payment form" }
  | { kind: "refused"; reason: "foreign-url" | "wallet-pay-code" | "unknown"; text: string };

const SHORT_CODE = /^[2-9A-HJ-NP-Z]{8}$/;
const PATH_SEGMENT = /^[A-Za-z0-9_-]{1,100}$/;
/** A handle as a personal QR code writes it (lib/handles/handle-rules.ts), any case. */
const HANDLE_SEGMENT = /^[A-Za-z0-9_]{3,30}$/;

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
    if (!origins.includes(url.origin) || url.username || url.password) return { kind: "refused", reason: "foreign-url", text };
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
  if (isWalletPayCode(text)) return { kind: "refused", reason: "wallet-pay-code", text };
  return { kind: "refused", reason: "unknown", text };
}

/** A wallet's own "Show QR code" payload ({ocid, order, expiresAt}): it is for a merchant's till to scan. */
function isWalletPayCode(text: string): boolean {
  if (!text.startsWith("{")) return false;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    return typeof value.ocid === "number" && typeof value.order === "string";
  } catch {
    return false;
  }
}
