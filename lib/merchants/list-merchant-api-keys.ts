import { db } from "@/lib/db";
import { parseScopes } from "@/lib/merchants/api-key-format";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import type { MerchantKeyScope } from "@/lib/merchants/schemas";

export type MerchantApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  scopes: MerchantKeyScope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

/** The keys of a merchant its caller owns, newest first, revoked ones included; never a secret or hash. */
export async function listMerchantApiKeys(options: { merchantId: string; ownerId: string }): Promise<MerchantApiKeyView[]> {
  const merchant = await getOwnedMerchantOrThrow(options);
  const client = await db();
  const keys = await client.merchantApiKey.findMany({
    where: { merchantId: merchant.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
  return keys.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: parseScopes(k.scopes),
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  }));
}
