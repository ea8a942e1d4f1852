/**
 * The wallet page's balances (getWalletBalances): money reserved for manual-capture payment requests is
 * counted apart from what the user can spend, per currency, and only while it is held.
 */
import { describe, expect, it } from "vitest";
import { getBalances, getWalletBalances } from "@/lib/wallet/get-balances";
import { topUpUser } from "@/lib/wallet/top-up-user";
import { createRequest, expectLedgerBalanced, makeMerchantWithKey, makePayer, merchantApi, payerApi } from "@/tests/payment-requests/support/fixtures";

const manual = (amount: string, currency = "USD") => ({ value: { amount, currency }, capture: "manual" });

describe("getWalletBalances", () => {
  it("shows held payments as reserved, apart from the spendable amount, per currency", async () => {
    const { key } = await makeMerchantWithKey();
    const payer = await makePayer({ topUp: { amount: "50.00", currency: "USD" } });
    await topUpUser({ userId: payer.id, amount: "10.000", currency: "KWD" });

    const first = await createRequest(key, manual("12.50"));
    const second = await createRequest(key, manual("0.75"));
    const dinar = await createRequest(key, manual("1.250", "KWD"));
    const automatic = await createRequest(key, { value: { amount: "5.00", currency: "USD" } });
    for (const request of [first, second, dinar, automatic]) {
      const paid = await payerApi.pay(payer.token, request.id);
      expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    }

    expect(await getWalletBalances(payer.id)).toEqual([
      { currency: "KWD", amount: "8.750", reserved: "1.250" },
      // 50.00 − 12.50 − 0.75 (reserved) − 5.00 (paid outright, not reserved)
      { currency: "USD", amount: "31.75", reserved: "13.25" },
    ]);
    // The API's balances keep their contract shape: what can be spent.
    expect(await getBalances(payer.id)).toEqual([
      { currency: "KWD", amount: "8.750" },
      { currency: "USD", amount: "31.75" },
    ]);

    // Released money is no longer reserved: it is back in the balance.
    const cancelled = await merchantApi.cancel(key, first.id);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(await getWalletBalances(payer.id)).toEqual([
      { currency: "KWD", amount: "8.750", reserved: "1.250" },
      { currency: "USD", amount: "44.25", reserved: "0.75" },
    ]);
    await expectLedgerBalanced();
  });

  it("counts only the caller's reservations, and zero when there are none", async () => {
    const { key } = await makeMerchantWithKey();
    const alice = await makePayer({ topUp: { amount: "20.00", currency: "USD" } });
    const bob = await makePayer({ topUp: { amount: "20.00", currency: "USD" } });
    const request = await createRequest(key, manual("7.00"));
    expect((await payerApi.pay(alice.token, request.id)).status).toBe(200);

    expect(await getWalletBalances(alice.id)).toEqual([{ currency: "USD", amount: "13.00", reserved: "7.00" }]);
    expect(await getWalletBalances(bob.id)).toEqual([{ currency: "USD", amount: "20.00", reserved: "0.00" }]);
    const nobody = await makePayer();
    expect(await getWalletBalances(nobody.id)).toEqual([]);
  });
});
