/** The count beside "Requests to pay" on /wallet: requests addressed to the user that still wait for them. */
import { describe, expect, it } from "vitest";
import { countOpenRequestsToPay } from "@/lib/wallet/count-open-requests-to-pay";
import { backdate, createRequest, makeMerchantWithKey, makePayer, payerApi } from "@/tests/payment-requests/support/fixtures";

const usd = (amount: string) => ({ value: { amount, currency: "USD" } });

describe("countOpenRequestsToPay", () => {
  it("counts open, unexpired requests addressed to the user, and nothing else", async () => {
    const { key } = await makeMerchantWithKey();
    const payer = await makePayer({ topUp: { amount: "40.00", currency: "USD" } });
    const other = await makePayer();
    expect(await countOpenRequestsToPay({ userId: payer.id })).toBe(0);

    await createRequest(key, { ...usd("1.00"), payer: payer.handle }); // open
    await createRequest(key, { ...usd("2.00"), payer: payer.handle, notBefore: new Date(Date.now() + 60_000).toISOString() }); // opens later: waits too
    const split = await createRequest(key, { ...usd("10.00"), payer: payer.handle, partialAllowed: true });
    expect((await payerApi.pay(payer.token, split.id, { amount: "4.00" })).status).toBe(200); // INCOMPLETE: still open
    const paid = await createRequest(key, { ...usd("3.00"), payer: payer.handle });
    expect((await payerApi.pay(payer.token, paid.id)).status).toBe(200);
    const declined = await createRequest(key, { ...usd("4.00"), payer: payer.handle });
    expect((await payerApi.decline(payer.token, declined.id)).status).toBe(200);
    const lapsed = await createRequest(key, { ...usd("5.00"), payer: payer.handle });
    await backdate(lapsed.id, { expiresAt: new Date(Date.now() - 1000) });
    await createRequest(key, usd("6.00")); // open to anyone: not addressed to them
    await createRequest(key, { ...usd("7.00"), payer: other.handle });

    expect(await countOpenRequestsToPay({ userId: payer.id })).toBe(3);
    expect(await countOpenRequestsToPay({ userId: other.id })).toBe(1);
  });
});
