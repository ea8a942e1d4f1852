/**
 * Merchant API keys (`Authorization: Bearer mk_…`), for points of sale. Like personal access tokens
 * (lib/auth/access-tokens.ts) they carry 256 random bits, so a plain SHA-256 is a safe lookup hash and
 * only the hash is stored.
 */
import { createHash, randomBytes } from "node:crypto";
import { MERCHANT_KEY_SCOPES, type MerchantKeyScope } from "@/lib/merchants/schemas";

export const MERCHANT_KEY_PREFIX = "mk_";
export const MERCHANT_KEY_PATTERN = /^mk_[A-Za-z0-9_-]{43}$/;

export const newMerchantKey = () => MERCHANT_KEY_PREFIX + randomBytes(32).toString("base64url");
export const hashMerchantKey = (key: string) => createHash("sha256").update(key).digest("hex");
/** The first characters of a key, kept to tell keys apart in listings. */
export const merchantKeyPrefix = (key: string) => key.slice(0, 10);

/** Stored as a comma list in a fixed order. */
export const formatScopes = (scopes: readonly MerchantKeyScope[]) => scopes.join(",");
export function parseScopes(stored: string): MerchantKeyScope[] {
  const names = stored.split(",");
  return MERCHANT_KEY_SCOPES.filter((scope) => names.includes(scope));
}
