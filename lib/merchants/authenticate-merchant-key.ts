import type { NextRequest } from "next/server";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashMerchantKey, MERCHANT_KEY_PATTERN, parseScopes } from "@/lib/merchants/api-key-format";
import type { MerchantKeyScope } from "@/lib/merchants/schemas";

export type MerchantAuth = { merchantId: string; keyId: string; scopes: MerchantKeyScope[] };

/** Last-use time is for owners spotting stale keys: a minute's precision is plenty and saves writes. */
const LAST_USED_PRECISION_MS = 60_000;

/**
 * Authenticates a merchant endpoint's caller by `Authorization: Bearer mk_…` (a merchant API key).
 *
 * - No header, another scheme, a malformed, unknown or revoked key, or a wallet access token (`ocw_…`)
 *   → 401 UNAUTHENTICATED. Never a fallback to the browser session: a till has none.
 * - A live key without `options.scope` → 403 FORBIDDEN.
 * - Updates the key's lastUsedAt at most once a minute (a guarded update, so concurrent requests write once).
 *
 * A key acts only for its own merchant. Callers MUST scope every lookup by the returned `merchantId`
 * (e.g. `where: { id, merchantId }`) and answer another merchant's objects exactly like missing ones:
 * 404 NOT_FOUND, never 403, so a key learns nothing about other merchants.
 */
export async function authenticateMerchantRequest(
  req: NextRequest,
  options?: { scope?: "payments" | "refunds" },
): Promise<{ merchantId: string; keyId: string; scopes: ("payments" | "refunds")[] }> {
  const authorization = req.headers.get("authorization");
  if (authorization === null) throw new AppError("UNAUTHENTICATED", "Use Authorization: Bearer <merchant API key (mk_…)>.");
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  const key = match?.[1];
  if (!key) throw new AppError("UNAUTHENTICATED", "Use Authorization: Bearer <merchant API key (mk_…)>.");
  if (key.startsWith("ocw_")) {
    throw new AppError("UNAUTHENTICATED", "This is a wallet access token; merchant endpoints take a merchant API key (mk_…).");
  }
  if (!MERCHANT_KEY_PATTERN.test(key)) throw new AppError("UNAUTHENTICATED", "Invalid merchant API key.");

  const client = await db();
  const record = await client.merchantApiKey.findUnique({ where: { keyHash: hashMerchantKey(key) } });
  if (!record || record.revokedAt) throw new AppError("UNAUTHENTICATED", "Invalid or revoked merchant API key.");
  const scopes = parseScopes(record.scopes);
  if (options?.scope && !scopes.includes(options.scope)) {
    throw new AppError("FORBIDDEN", `This key does not have the "${options.scope}" scope.`, { details: { scope: options.scope, scopes } });
  }

  const now = new Date();
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
    await client.merchantApiKey.updateMany({
      where: { id: record.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_PRECISION_MS) } }] },
      data: { lastUsedAt: now },
    });
  }
  return { merchantId: record.merchantId, keyId: record.id, scopes };
}
