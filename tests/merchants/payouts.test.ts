import { describe, expect, it } from "vitest";
import { GET as getMerchantBalance } from "@/app/api/merchants/[id]/balance/route";
import { POST as postPayout } from "@/app/api/merchants/[id]/payouts/route";
import { GET as getWalletBalance } from "@/app/api/wallet/balance/route";
import { db } from "@/lib/db";
import { checkLedger } from "@/lib/ledger/check-ledger";
import { json, makeUserWithToken, noParams, request } from "@/tests/support/factories";
import { bearer, fundMerchant, makeMerchant, makeMerchantKey, sessionCookie } from "@/tests/support/merchant-factories";

const balance = (headers: Record<string, string>, id: string) =>
  getMerchantBalance(request(`/api/merchants/${id}/balance`, { headers }), { params: Promise.resolve({ id }) });

const payout = (headers: Record<string, string>, id: string, body: unknown) =>
  postPayout(
    request(`/api/merchants/${id}/payouts`, { method: "POST", body: JSON.stringify(body), headers: { ...headers, "content-type": "application/json" } }),
    { params: Promise.resolve({ id }) },
  );

async function ownerWithFundedMerchant() {
  const owner = await makeUserWithToken();
  const merchant = await makeMerchant(owner.id);
  await fundMerchant(merchant.id, "25.00", "USD");
  await fundMerchant(merchant.id, "1500", "JPY");
  return { owner, merchant };
}

/** Everything a payout could change: postings, entries and every account's balance. */
async function ledgerState() {
  const client = await db();
  const accounts = await client.ledgerAccount.findMany({ orderBy: { id: "asc" }, select: { id: true, balance: true } });
  return {
    postings: await client.ledgerTransaction.count(),
    entries: await client.ledgerEntry.count(),
    balances: accounts.map((a) => `${a.id}:${a.balance}`),
  };
}

describe("GET /api/merchants/{id}/balance", () => {
  it("shows the owner every currency the merchant has an account in, as decimal strings", async () => {
    const { owner, merchant } = await ownerWithFundedMerchant();
    const response = await balance(bearer(owner.token), merchant.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await json(response)).toEqual({ balances: [{ currency: "JPY", amount: "1500" }, { currency: "USD", amount: "25.00" }] });
    expect(await json(await balance(await sessionCookie(owner.id), merchant.id))).toMatchObject({ balances: expect.any(Array) });
    const fresh = await makeMerchant(owner.id);
    expect(await json(await balance(bearer(owner.token), fresh.id))).toEqual({ balances: [] });
  });

  it("answers another user, a merchant key and no credentials without revealing anything", async () => {
    const { owner, merchant } = await ownerWithFundedMerchant();
    const other = await makeUserWithToken();
    const foreign = await balance(bearer(other.token), merchant.id);
    expect(foreign.status).toBe(404);
    expect(await json(foreign)).toEqual({ error: { code: "NOT_FOUND", message: "No such merchant." } });
    const { key } = await makeMerchantKey({ merchantId: merchant.id, ownerId: owner.id });
    expect((await balance(bearer(key), merchant.id)).status).toBe(401);
    expect((await balance({}, merchant.id)).status).toBe(401);
  });
});

describe("POST /api/merchants/{id}/payouts", () => {
  it("moves merchant money to the owner's wallet in one balanced posting", async () => {
    const { owner, merchant } = await ownerWithFundedMerchant();
    const before = await checkLedger();
    const response = await payout(bearer(owner.token), merchant.id, { amount: "10.50", currency: "USD" });
    expect(response.status).toBe(201);
    const body = await json(response);
    expect(body).toEqual({ txid: expect.any(String), amount: "10.50", currency: "USD" });

    const client = await db();
    const posting = await client.ledgerTransaction.findUniqueOrThrow({ where: { id: body.txid }, include: { entries: { include: { account: true } } } });
    expect(posting.kind).toBe("payout");
    expect(posting.entries.map((e) => [e.account.type, e.account.owner, e.amount]).sort()).toEqual([
      ["merchant", `merchant:${merchant.id}`, -1050n],
      ["user", `user:${owner.id}`, 1050n],
    ]);
    expect(posting.entries.reduce((sum, e) => sum + e.amount, 0n)).toBe(0n);

    expect(await json(await balance(bearer(owner.token), merchant.id))).toEqual({
      balances: [{ currency: "JPY", amount: "1500" }, { currency: "USD", amount: "14.50" }],
    });
    const wallet = await json(await getWalletBalance(request("/api/wallet/balance", { headers: bearer(owner.token) }), noParams));
    expect(wallet).toEqual({ balances: [{ currency: "USD", amount: "10.50" }] });

    // The whole balance, with the session this time, in a zero-decimal currency.
    const all = await payout(await sessionCookie(owner.id), merchant.id, { amount: "1500", currency: "JPY" });
    expect(all.status).toBe(201);
    const after = await checkLedger();
    expect(after.problems).toEqual([]);
    expect(after.postings).toBe(before.postings + 2);
  });

  it("refuses a payout above the balance with 402 INSUFFICIENT_FUNDS and moves nothing", async () => {
    const { owner, merchant } = await ownerWithFundedMerchant();
    const before = await ledgerState();
    const response = await payout(bearer(owner.token), merchant.id, { amount: "25.01", currency: "USD" });
    expect(response.status).toBe(402);
    expect((await json(response)).error).toMatchObject({
      code: "INSUFFICIENT_FUNDS",
      details: { currency: "USD", balance: "25.00", required: "25.01", missing: "0.01" },
    });
    // A currency the merchant never held.
    const none = await payout(bearer(owner.token), merchant.id, { amount: "1.00", currency: "EUR" });
    expect(none.status).toBe(402);
    expect((await json(none)).error).toMatchObject({ code: "INSUFFICIENT_FUNDS", details: { balance: "0.00" } });
    expect(await ledgerState()).toEqual(before);
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("of concurrent payouts that together exceed the balance only as many as fit succeed", async () => {
    const { owner, merchant } = await ownerWithFundedMerchant();
    const responses = await Promise.all(Array.from({ length: 5 }, () => payout(bearer(owner.token), merchant.id, { amount: "10.00", currency: "USD" })));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 201, 402, 402, 402]);
    expect(await json(await balance(bearer(owner.token), merchant.id))).toMatchObject({ balances: [{ currency: "JPY" }, { currency: "USD", amount: "5.00" }] });
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("answers a payout by someone who is not the owner with 404 and moves nothing", async () => {
    const { owner, merchant } = await ownerWithFundedMerchant();
    const mallory = await makeUserWithToken();
    const before = await ledgerState();
    const response = await payout(bearer(mallory.token), merchant.id, { amount: "1.00", currency: "USD" });
    expect(response.status).toBe(404);
    expect((await json(response)).error.code).toBe("NOT_FOUND");
    const { key } = await makeMerchantKey({ merchantId: merchant.id, ownerId: owner.id });
    expect((await payout(bearer(key), merchant.id, { amount: "1.00", currency: "USD" })).status).toBe(401);
    expect((await payout({}, merchant.id, { amount: "1.00", currency: "USD" })).status).toBe(401);
    expect(await ledgerState()).toEqual(before);
  });

  it.each([
    ["zero", { amount: "0", currency: "USD" }, "INVALID_AMOUNT"],
    ["zero with decimals", { amount: "0.00", currency: "USD" }, "INVALID_AMOUNT"],
    ["negative", { amount: "-5.00", currency: "USD" }, "INVALID_AMOUNT"],
    ["over-precise", { amount: "1.001", currency: "USD" }, "INVALID_AMOUNT"],
    ["decimals for a zero-decimal currency", { amount: "10.5", currency: "JPY" }, "INVALID_AMOUNT"],
    ["an exponent", { amount: "1e2", currency: "USD" }, "INVALID_AMOUNT"],
    ["more than 18 digits", { amount: "1234567890123456789", currency: "USD" }, "INVALID_AMOUNT"],
    ["spaces", { amount: " 5.00", currency: "USD" }, "INVALID_AMOUNT"],
    ["a separator", { amount: "1,000.00", currency: "USD" }, "INVALID_AMOUNT"],
    ["an unknown currency", { amount: "5.00", currency: "XYZ" }, "UNSUPPORTED_CURRENCY"],
    ["an empty currency", { amount: "5.00", currency: "" }, "UNSUPPORTED_CURRENCY"],
    ["a number instead of a string", { amount: 5, currency: "USD" }, "VALIDATION_ERROR"],
    ["no currency", { amount: "5.00" }, "VALIDATION_ERROR"],
  ])("refuses %s with 400 and moves nothing", async (_name, body, code) => {
    const { owner, merchant } = await ownerWithFundedMerchant();
    const before = await ledgerState();
    const response = await payout(bearer(owner.token), merchant.id, body);
    expect(response.status).toBe(400);
    expect((await json(response)).error.code).toBe(code);
    expect(await ledgerState()).toEqual(before);
  });
});
