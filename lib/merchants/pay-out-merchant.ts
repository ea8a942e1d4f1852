import type { Tx } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { getOrCreateAccount, merchantOwner, userOwner } from "@/lib/ledger/accounts";
import { postTransaction } from "@/lib/ledger/post-transaction";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { formatAmount, parsePositiveAmount } from "@/lib/money";

/**
 * Moves merchant money into its owner's wallet: one balanced posting (merchant −amount, owner +amount)
 * in one transaction. The merchant account's guarded debit (postTransaction) refuses an overdraft with
 * 402 INSUFFICIENT_FUNDS and nothing is written, also when payouts race each other or a refund.
 */
export async function payOutMerchant(
  options: { merchantId: string; ownerId: string; amount: string; currency: string },
  tx?: Tx,
): Promise<{ txid: string; amount: string; currency: string }> {
  const currency = options.currency.trim().toUpperCase();
  const minor = parsePositiveAmount(options.amount, currency);
  return inTransaction(tx, async (t) => {
    const merchant = await getOwnedMerchantOrThrow({ merchantId: options.merchantId, ownerId: options.ownerId }, t);
    const from = await t.ledgerAccount.findUnique({
      where: { type_owner_currency: { type: "merchant", owner: merchantOwner(merchant.id), currency } },
    });
    if (!from || from.balance < minor) {
      const balance = from?.balance ?? 0n;
      throw new AppError("INSUFFICIENT_FUNDS", `Insufficient funds: the merchant holds ${formatAmount(balance, currency)} ${currency}.`, {
        details: {
          currency,
          balance: formatAmount(balance, currency),
          required: formatAmount(minor, currency),
          missing: formatAmount(minor - balance, currency),
        },
      });
    }
    const to = await getOrCreateAccount(t, { type: "user", owner: userOwner(merchant.ownerId), currency, userId: merchant.ownerId });
    const posting = await postTransaction(t, {
      kind: "payout",
      description: `Payout from ${merchant.name} (@${merchant.handle})`,
      legs: [
        { accountId: from.id, amount: -minor },
        { accountId: to.id, amount: minor },
      ],
    });
    return { txid: posting.id, amount: formatAmount(minor, currency), currency };
  });
}
