import { z } from "zod";
import { db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { claimHandle } from "@/lib/handles/claim-handle";
import { handleBaseFrom, handleSchema } from "@/lib/handles/handle-rules";
import { pickFreeHandle } from "@/lib/handles/pick-free-handle";
import { retryGeneratedHandle } from "@/lib/handles/retry-generated-handle";
import { newMerchantId } from "@/lib/merchants/merchant-id";
import { toMerchantView, type MerchantView } from "@/lib/merchants/merchant-view";
import { merchantNameSchema } from "@/lib/merchants/schemas";

const createMerchantInput = z.object({ name: merchantNameSchema, handle: handleSchema.optional() });

/**
 * Creates a merchant owned by `ownerId`, with its handle in the one namespace of users and merchants:
 * the handle asked for (409 HANDLE_TAKEN when a user or merchant holds it, whatever its case or "@"),
 * else one generated from the name. Handle and merchant are written in one transaction.
 */
export async function createMerchant(options: { ownerId: string; name: string; handle?: string }): Promise<MerchantView> {
  const parsed = createMerchantInput.safeParse({ name: options.name, handle: options.handle?.trim() ? options.handle : undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("VALIDATION_ERROR", issue?.message ?? "Invalid input.", { details: { field: issue?.path.join(".") } });
  }
  const { name, handle: requested } = parsed.data;
  const client = await db();
  const owner = await client.user.findUnique({ where: { id: options.ownerId }, select: { id: true } });
  if (!owner) throw new AppError("USER_NOT_FOUND", "The merchant's owner does not exist.");
  return retryGeneratedHandle(requested === undefined, async () => {
    // Picked before the transaction, which then only writes (see claimHandle).
    const handle = requested ?? (await pickFreeHandle(client, handleBaseFrom(name, "shop")));
    return inTransaction(undefined, async (tx) => {
      const id = newMerchantId();
      await claimHandle(tx, { handle, merchantId: id });
      const merchant = await tx.merchant.create({ data: { id, ownerId: owner.id, name, handle } });
      return toMerchantView(merchant);
    });
  });
}
