/** Builders for tests of merchants and their keys (tests/merchants, tests/handles; reusable elsewhere). */
import { encode } from "next-auth/jwt";
import { inTransaction } from "@/lib/db/transaction";
import { getOrCreateAccount, merchantOwner, OPERATOR_OWNER } from "@/lib/ledger/accounts";
import { postTransaction } from "@/lib/ledger/post-transaction";
import { createMerchant } from "@/lib/merchants/create-merchant";
import { createMerchantApiKey } from "@/lib/merchants/create-merchant-api-key";
import { parseAmount } from "@/lib/money";

/** The next-auth session cookie of a signed-in user. */
export async function sessionCookie(userId: string) {
  const token = await encode({ token: { sub: userId }, secret: process.env.AUTH_SECRET! });
  return { cookie: `next-auth.session-token=${token}` };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

let merchantCounter = 0;

export async function makeMerchant(ownerId: string, overrides: { name?: string; handle?: string } = {}) {
  merchantCounter++;
  return createMerchant({ ownerId, name: overrides.name ?? `Shop ${merchantCounter}`, handle: overrides.handle });
}

export async function makeMerchantKey(options: { merchantId: string; ownerId: string; scopes?: string[] }) {
  return createMerchantApiKey({ ...options, name: "Till" });
}

/**
 * Money in a merchant's account, as a payment would leave it: one balanced posting from the operator's
 * funding account (payment requests are not part of these tests).
 */
export async function fundMerchant(merchantId: string, amount: string, currency: string) {
  const minor = parseAmount(amount, currency);
  await inTransaction(undefined, async (tx) => {
    const funding = await getOrCreateAccount(tx, { type: "funding", owner: OPERATOR_OWNER, currency });
    const account = await getOrCreateAccount(tx, { type: "merchant", owner: merchantOwner(merchantId), currency });
    await postTransaction(tx, {
      kind: "test-credit",
      description: "Test credit",
      legs: [
        { accountId: funding.id, amount: -minor },
        { accountId: account.id, amount: minor },
      ],
    });
  });
}
