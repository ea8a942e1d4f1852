import { db } from "@/lib/db";
import { merchantOwner } from "@/lib/ledger/accounts";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { formatAmount } from "@/lib/money";

export type MerchantBalance = { currency: string; amount: string };

/** The merchant's balance in every currency it has an account in, as decimal strings (owner only). */
export async function getMerchantBalances(options: { merchantId: string; ownerId: string }): Promise<MerchantBalance[]> {
  const merchant = await getOwnedMerchantOrThrow(options);
  const client = await db();
  const accounts = await client.ledgerAccount.findMany({
    where: { type: "merchant", owner: merchantOwner(merchant.id) },
    orderBy: { currency: "asc" },
  });
  return accounts.map((a) => ({ currency: a.currency, amount: formatAmount(a.balance, a.currency) }));
}
