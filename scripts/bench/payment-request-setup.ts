/**
 * The people of the payment-request benchmark, made with the domain functions the CLI uses (`user:create`,
 * `topup`, `token:create`, `merchant:create`, `merchant:key`) in one process rather than one CLI run each:
 * an owner with `merchants` merchants, one API key (scope `payments`) each — the tills — and `payers` wallet
 * users, each topped up with `topUp` USD and given a personal access token.
 *
 * Usage (DATABASE_URL set, the app's migrations applied):
 *   tsx scripts/bench/payment-request-setup.ts <merchants> <payers> <topUp>
 * Prints, as its last line, {"merchantKeys": ["mk_…", …], "payerTokens": ["ocw_…", …]}.
 */
import { createAccessToken } from "../../lib/auth/access-tokens";
import { disconnectDb } from "../../lib/db";
import { createMerchant } from "../../lib/merchants/create-merchant";
import { createMerchantApiKey } from "../../lib/merchants/create-merchant-api-key";
import { createUser } from "../../lib/users/create-user";
import { topUpUser } from "../../lib/wallet/top-up-user";

const [merchantsText, payersText, topUp] = process.argv.slice(2);
const PASSWORD = "bench password 123";

async function main() {
  const merchants = Number(merchantsText);
  const payers = Number(payersText);
  if (!(merchants >= 1 && payers >= 1 && topUp)) throw new Error("usage: payment-request-setup.ts <merchants> <payers> <topUp>");

  const owner = await createUser({ email: "bench-owner@example.test", password: PASSWORD });
  const merchantKeys: string[] = [];
  for (let i = 0; i < merchants; i++) {
    const merchant = await createMerchant({ ownerId: owner.id, name: `Bench shop ${i + 1}`, handle: `bench_shop_${i + 1}` });
    const key = await createMerchantApiKey({ merchantId: merchant.id, ownerId: owner.id, name: "Bench till", scopes: ["payments"] });
    merchantKeys.push(key.key);
  }
  const payerTokens: string[] = [];
  // Users eight at a time (creating one is mostly its password's scrypt, off the event loop); top-ups one
  // after the other: each debits the operator's one funding account.
  for (let i = 0; i < payers; i += 8) {
    const batch = Array.from({ length: Math.min(8, payers - i) }, (_, j) => createUser({ email: `bench-payer-${i + j + 1}@example.test`, password: PASSWORD }));
    for (const payer of await Promise.all(batch)) {
      await topUpUser({ userId: payer.id, amount: topUp, currency: "USD" });
      payerTokens.push((await createAccessToken({ userId: payer.id, name: "Bench payer" })).token);
    }
  }
  console.log(JSON.stringify({ merchantKeys, payerTokens }));
}

main()
  .then(() => disconnectDb())
  .catch(async (error: unknown) => {
    console.error(error);
    await disconnectDb().catch(() => undefined);
    process.exit(1);
  });
