import { db } from "@/lib/db";
import { userOwner } from "@/lib/ledger/accounts";
import { formatAmount } from "@/lib/money";

export type Balance = { currency: string; amount: string };

/** The user's balances, one per currency they have ever held, as decimal strings. */
export async function getBalances(userId: string): Promise<Balance[]> {
  const client = await db();
  const accounts = await client.ledgerAccount.findMany({
    where: { type: "user", owner: userOwner(userId) },
    orderBy: { currency: "asc" },
  });
  return accounts.map((a) => ({ currency: a.currency, amount: formatAmount(a.balance, a.currency) }));
}
