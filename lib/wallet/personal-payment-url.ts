import { getEnv } from "@/lib/env";

/**
 * The content of a user's personal QR code (/wallet/receive): `${APP_URL}/u/{handle}`, a payment form to
 * that wallet that any phone camera opens — the role of seed 002's `EVP{walletId}` code, as a URL.
 */
export function personalPaymentUrl(handle: string): string {
  return `${getEnv().APP_URL}/u/${handle}`;
}
