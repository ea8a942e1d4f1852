import { notFound } from "next/navigation";
import { cache } from "react";
import { getSessionUser, requireSessionUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";

type OwnedMerchant = Awaited<ReturnType<typeof getOwnedMerchantOrThrow>>;

/** The signed-in user's merchant `id`, or null (signed out, someone else's, unknown). Once per request. */
export const findOwnedMerchant = cache(async (id: string): Promise<{ userId: string; merchant: OwnedMerchant } | null> => {
  const user = await getSessionUser();
  if (!user) return null;
  try {
    return { userId: user.id, merchant: await getOwnedMerchantOrThrow({ merchantId: id, ownerId: user.id }) };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
});

/**
 * For an owner page: signed out → /login coming back to `path`; anyone else's merchant or an unknown id →
 * the 404 page (an outsider learns nothing).
 */
export async function requireOwnedMerchant(id: string, path: string): Promise<{ userId: string; merchant: OwnedMerchant }> {
  await requireSessionUser(path);
  const owned = await findOwnedMerchant(id);
  if (!owned) notFound();
  return owned;
}
