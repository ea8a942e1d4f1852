import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";

/**
 * The merchant `merchantId` if `ownerId` owns it. Anyone else's merchant, and an id that does not exist,
 * are the same 404: an outsider learns nothing, not even that the id exists.
 */
export async function getOwnedMerchantOrThrow(options: { merchantId: string; ownerId: string }, tx?: Tx) {
  const client = tx ?? (await db());
  const merchant = await client.merchant.findFirst({ where: { id: options.merchantId, ownerId: options.ownerId } });
  if (!merchant) throw merchantNotFound();
  return merchant;
}

/** For the operator's CLI only (no owner to scope by): the merchant, or 404. */
export async function getMerchantByIdOrThrow(merchantId: string) {
  const client = await db();
  const merchant = await client.merchant.findUnique({ where: { id: merchantId } });
  if (!merchant) throw merchantNotFound();
  return merchant;
}

export const merchantNotFound = () => new AppError("NOT_FOUND", "No such merchant.");
