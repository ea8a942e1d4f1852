import { db } from "@/lib/db";
import { userOwner } from "@/lib/ledger/accounts";
import { formatAmount } from "@/lib/money";

export type Balance = { currency: string; amount: string };

/** A balance with the money the user reserved for payment requests awaiting the merchant's capture. */
export type WalletBalance = Balance & { reserved: string };

/** The user's balances, one per currency they have ever held, as decimal strings. */
export async function getBalances(userId: string): Promise<Balance[]> {
  const client = await db();
  const accounts = await client.ledgerAccount.findMany({
    where: { type: "user", owner: userOwner(userId) },
    orderBy: { currency: "asc" },
  });
  return accounts.map((a) => ({ currency: a.currency, amount: formatAmount(a.balance, a.currency) }));
}

/**
 * The balances as the wallet page shows them: what the user can spend (`amount`, their account) and,
 * apart from it, what they reserved for payment requests with `capture: "manual"` that the merchant has
 * not yet captured or released (`reserved`: their payments in state "held", in the request's currency).
 * Reserved money has left the user's account (it sits on the request's hold account), so it is never part
 * of `amount`. A currency held only in a reservation still gets a row.
 */
export async function getWalletBalances(userId: string): Promise<WalletBalance[]> {
  const client = await db();
  const [balances, held] = await Promise.all([
    getBalances(userId),
    client.paymentRequestMovement.findMany({
      where: { payerUserId: userId, type: "payment", state: "held" },
      select: { amountMinor: true, request: { select: { currency: true } } },
    }),
  ]);
  const reservedMinor = new Map<string, bigint>();
  for (const movement of held) {
    const currency = movement.request.currency;
    if (!currency) continue; // a held payment always fixed its request's currency; nothing to add otherwise
    reservedMinor.set(currency, (reservedMinor.get(currency) ?? 0n) + movement.amountMinor);
  }
  const rows: WalletBalance[] = balances.map((b) => ({ ...b, reserved: formatAmount(reservedMinor.get(b.currency) ?? 0n, b.currency) }));
  for (const [currency, minor] of reservedMinor) {
    if (!rows.some((r) => r.currency === currency)) rows.push({ currency, amount: formatAmount(0n, currency), reserved: formatAmount(minor, currency) });
  }
  return rows.sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}
