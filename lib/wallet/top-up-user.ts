import type { Tx } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { getOrCreateAccount, OPERATOR_OWNER, userOwner } from "@/lib/ledger/accounts";
import { postTransaction } from "@/lib/ledger/post-transaction";
import { formatAmount, parsePositiveAmount } from "@/lib/money";

/**
 * Credits a user from the operator's funding account: one balanced posting
 * (funding −amount, user +amount), never a bare balance edit.
 */
export async function topUpUser(
  options: { userId: string; amount: string; currency: string; description?: string },
  tx?: Tx,
) {
  const currency = options.currency.trim().toUpperCase();
  const minor = parsePositiveAmount(options.amount, currency);
  return inTransaction(tx, async (t) => {
    const funding = await getOrCreateAccount(t, { type: "funding", owner: OPERATOR_OWNER, currency });
    const account = await getOrCreateAccount(t, {
      type: "user",
      owner: userOwner(options.userId),
      currency,
      userId: options.userId,
    });
    const transaction = await postTransaction(t, {
      kind: "topup",
      description: options.description ?? "Top-up",
      legs: [
        { accountId: funding.id, amount: -minor },
        { accountId: account.id, amount: minor },
      ],
    });
    const after = await t.ledgerAccount.findUniqueOrThrow({ where: { id: account.id } });
    return {
      transactionId: transaction.id,
      amount: formatAmount(minor, currency),
      currency,
      balance: formatAmount(after.balance, currency),
    };
  });
}
