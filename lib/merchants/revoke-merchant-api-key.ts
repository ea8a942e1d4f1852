import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";

/**
 * Revokes one key of a merchant its caller owns; from the next request on the key is refused (401).
 * Guarded update scoped by merchant: another merchant's key, or one already revoked, is a 404.
 */
export async function revokeMerchantApiKey(options: { merchantId: string; ownerId: string; keyId: string }): Promise<void> {
  const merchant = await getOwnedMerchantOrThrow(options);
  const client = await db();
  const result = await client.merchantApiKey.updateMany({
    where: { id: options.keyId, merchantId: merchant.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (result.count === 0) throw new AppError("NOT_FOUND", "No such active key.");
}
