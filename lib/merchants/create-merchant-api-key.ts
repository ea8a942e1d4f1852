import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatScopes, hashMerchantKey, merchantKeyPrefix, newMerchantKey } from "@/lib/merchants/api-key-format";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { MERCHANT_KEY_SCOPES, merchantKeyNameSchema, merchantKeyScopesSchema, type MerchantKeyScope } from "@/lib/merchants/schemas";

const input = z.object({ name: merchantKeyNameSchema.optional(), scopes: merchantKeyScopesSchema.optional() });

export type CreatedMerchantApiKey = {
  id: string;
  /** The plain key: in this answer only, never stored or shown again. */
  key: string;
  scopes: MerchantKeyScope[];
  name: string;
  prefix: string;
  createdAt: string;
};

/** A new API key for a merchant its caller owns (404 otherwise); scopes default to every scope. */
export async function createMerchantApiKey(options: {
  merchantId: string;
  ownerId: string;
  name?: string;
  scopes?: string[];
}): Promise<CreatedMerchantApiKey> {
  const parsed = input.safeParse({ name: options.name, scopes: options.scopes });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("VALIDATION_ERROR", issue?.message ?? "Invalid input.", { details: { field: issue?.path[0] } });
  }
  const merchant = await getOwnedMerchantOrThrow({ merchantId: options.merchantId, ownerId: options.ownerId });
  const scopes = parsed.data.scopes ?? [...MERCHANT_KEY_SCOPES];
  const key = newMerchantKey();
  const client = await db();
  const record = await client.merchantApiKey.create({
    data: {
      merchantId: merchant.id,
      name: parsed.data.name ?? "API key",
      keyHash: hashMerchantKey(key),
      prefix: merchantKeyPrefix(key),
      scopes: formatScopes(scopes),
    },
  });
  return { id: record.id, key, scopes, name: record.name, prefix: record.prefix, createdAt: record.createdAt.toISOString() };
}
