import { db } from "@/lib/db";
import { toMerchantView, type MerchantView } from "@/lib/merchants/merchant-view";

/** The owner's merchants, newest first (nobody else's). */
export async function listMerchants(ownerId: string): Promise<MerchantView[]> {
  const client = await db();
  const merchants = await client.merchant.findMany({ where: { ownerId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return merchants.map(toMerchantView);
}
