/**
 * POST /api/wallet/transfers and GET /api/wallet/recipients/{handle}: sending money between wallet users
 * by handle (../shared/product.md "Sending and receiving between users").
 */
import { describe, expect, it } from "vitest";
import { GET as getRecipient } from "@/app/api/wallet/recipients/[handle]/route";
import { GET as getTransactions } from "@/app/api/wallet/transactions/route";
import { POST as postTransfer } from "@/app/api/wallet/transfers/route";
import { db } from "@/lib/db";
import { checkLedger } from "@/lib/ledger/check-ledger";
import { createUser } from "@/lib/users/create-user";
import { getBalances } from "@/lib/wallet/get-balances";
import { topUpUser } from "@/lib/wallet/top-up-user";
import { json, makeUser, makeUserWithToken, noParams, request } from "@/tests/support/factories";
import { bearer, makeMerchant, makeMerchantKey, sessionCookie } from "@/tests/support/merchant-factories";

type Headers = Record<string, string>;

async function send(headers: Headers, body: unknown) {
  const response = await postTransfer(
    request("/api/wallet/transfers", {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "content-type": "application/json", ...headers },
    }),
    noParams,
  );
  return { status: response.status, body: await json(response) };
}

async function recipient(headers: Headers, handle: string) {
  const response = await getRecipient(request(`/api/wallet/recipients/${encodeURIComponent(handle)}`, { headers }), {
    params: Promise.resolve({ handle }),
  });
  return { status: response.status, body: await json(response), cacheControl: response.headers.get("cache-control") };
}

async function history(token: string) {
  const response = await getTransactions(request("/api/wallet/transactions", { headers: bearer(token) }), noParams);
  return (await json(response)).transactions as Array<{ kind: string; description: string; amount: string; currency: string; balanceAfter: string }>;
}

/** Everything a transfer could change: postings, entries, every account's balance and remembered answers. */
async function ledgerState() {
  const client = await db();
  const accounts = await client.ledgerAccount.findMany({ orderBy: { id: "asc" }, select: { id: true, balance: true } });
  return {
    postings: await client.ledgerTransaction.count(),
    entries: await client.ledgerEntry.count(),
    accounts: accounts.map((a) => `${a.id}:${a.balance}`),
    remembered: await client.idempotencyRecord.count(),
  };
}

/** Ada with 20.00 USD and a token, Bob with nothing. */
async function adaAndBob() {
  const ada = await makeUserWithToken();
  const bob = await makeUserWithToken();
  await topUpUser({ userId: ada.id, amount: "20.00", currency: "USD" });
  return { ada, bob };
}

const usd = (to: string, amount: string, extra: Record<string, unknown> = {}) => ({ to, amount, currency: "USD", ...extra });

describe("POST /api/wallet/transfers", () => {
  it("moves the money in one balanced posting from the caller to the user with that handle", async () => {
    const { ada, bob } = await adaAndBob();
    const before = await checkLedger();
    const sent = await send(bearer(ada.token), usd(`@${bob.handle}`, "7.25", { memo: "  Lunch on Friday " }));
    expect(sent.status).toBe(201);
    expect(sent.body).toEqual({ txid: expect.any(String), to: bob.handle, amount: "7.25", currency: "USD" });

    const client = await db();
    const posting = await client.ledgerTransaction.findUniqueOrThrow({ where: { id: sent.body.txid }, include: { entries: { include: { account: true } } } });
    expect(posting.kind).toBe("user_transfer");
    expect(posting.description).toBe(`Transfer from @${ada.handle} to @${bob.handle}: Lunch on Friday`);
    expect(posting.entries.map((e) => [e.account.type, e.account.owner, e.account.currency, e.amount]).sort()).toEqual([
      ["user", `user:${ada.id}`, "USD", -725n],
      ["user", `user:${bob.id}`, "USD", 725n],
    ]);
    expect(await getBalances(ada.id)).toEqual([{ currency: "USD", amount: "12.75" }]);
    expect(await getBalances(bob.id)).toEqual([{ currency: "USD", amount: "7.25" }]);
    const after = await checkLedger();
    expect(after.problems).toEqual([]);
    expect(after.postings).toBe(before.postings + 1);

    // Each side's history reads the one posting from where it stands.
    expect((await history(ada.token))[0]).toMatchObject({ kind: "user_transfer", description: `Sent to @${bob.handle} — Lunch on Friday`, amount: "-7.25", balanceAfter: "12.75" });
    expect((await history(bob.token))[0]).toMatchObject({ kind: "user_transfer", description: `Received from @${ada.handle} — Lunch on Friday`, amount: "7.25", balanceAfter: "7.25" });
  });

  it("takes the handle as people type it, the browser session, a lower-case currency and no memo", async () => {
    const { ada, bob } = await adaAndBob();
    const sent = await send(await sessionCookie(ada.id), { to: ` ${bob.handle.toUpperCase()} `, amount: "5", currency: "usd" });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ to: bob.handle, amount: "5.00", currency: "USD" });
    expect((await history(bob.token))[0]?.description).toBe(`Received from @${ada.handle}`);
    // The whole balance, in a zero-decimal currency.
    await topUpUser({ userId: ada.id, amount: "1500", currency: "JPY" });
    const all = await send(bearer(ada.token), { to: bob.handle, amount: "1500", currency: "JPY", memo: null });
    expect(all.status).toBe(201);
    expect(await getBalances(ada.id)).toEqual([{ currency: "JPY", amount: "0" }, { currency: "USD", amount: "15.00" }]);
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("refuses more than the balance with 402 INSUFFICIENT_FUNDS, moves nothing, and sends the same after a top-up", async () => {
    const { ada, bob } = await adaAndBob();
    const before = await ledgerState();
    const key = { "idempotency-key": "ada-rent-1" };
    const refused = await send({ ...bearer(ada.token), ...key }, usd(bob.handle, "20.01"));
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({ code: "INSUFFICIENT_FUNDS", details: { currency: "USD", balance: "20.00", required: "20.01", missing: "0.01" } });
    // A currency the sender never held.
    const none = await send(bearer(ada.token), { to: bob.handle, amount: "1.00", currency: "EUR" });
    expect(none.status).toBe(402);
    expect(none.body.error).toMatchObject({ code: "INSUFFICIENT_FUNDS", details: { balance: "0.00" } });
    expect(await ledgerState()).toEqual(before);

    // A refusal is not remembered: with money added, the same request (and key) goes through.
    await topUpUser({ userId: ada.id, amount: "0.01", currency: "USD" });
    const paid = await send({ ...bearer(ada.token), ...key }, usd(bob.handle, "20.01"));
    expect(paid.status).toBe(201);
    expect(await getBalances(ada.id)).toEqual([{ currency: "USD", amount: "0.00" }]);
    expect(await getBalances(bob.id)).toEqual([{ currency: "USD", amount: "20.01" }]);
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("answers 404 USER_NOT_FOUND for a handle nobody holds, a merchant's handle or no handle at all, and moves nothing", async () => {
    const { ada } = await adaAndBob();
    const merchant = await makeMerchant(ada.id);
    const before = await ledgerState();
    for (const to of ["@nobody_has_this", merchant.handle, `@${merchant.handle}`, "not a handle!", "ab"]) {
      const answer = await send(bearer(ada.token), usd(to, "1.00"));
      expect(answer.status, to).toBe(404);
      expect(answer.body.error.code, to).toBe("USER_NOT_FOUND");
    }
    expect((await send(bearer(ada.token), usd("@nobody_has_this", "1.00"))).body.error.message).toBe("No wallet user has the handle @nobody_has_this.");
    expect(await ledgerState()).toEqual(before);
  });

  it("refuses a transfer to oneself with 400, however the handle is typed", async () => {
    const { ada } = await adaAndBob();
    const before = await ledgerState();
    for (const to of [ada.handle, `@${ada.handle.toUpperCase()}`]) {
      const answer = await send(bearer(ada.token), usd(to, "1.00"));
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: "VALIDATION_ERROR", message: "You cannot send money to yourself.", details: { issues: [{ path: "to" }] } });
    }
    expect(await ledgerState()).toEqual(before);
  });

  it.each([
    ["zero", { amount: "0" }, "INVALID_AMOUNT"],
    ["zero with decimals", { amount: "0.00" }, "INVALID_AMOUNT"],
    ["negative", { amount: "-5.00" }, "INVALID_AMOUNT"],
    ["over-precise", { amount: "1.001" }, "INVALID_AMOUNT"],
    ["decimals for a zero-decimal currency", { amount: "10.5", currency: "JPY" }, "INVALID_AMOUNT"],
    ["an exponent", { amount: "1e2" }, "INVALID_AMOUNT"],
    ["more than 18 digits", { amount: "1234567890123456789" }, "INVALID_AMOUNT"],
    ["spaces", { amount: " 5.00" }, "INVALID_AMOUNT"],
    ["a separator", { amount: "1,000.00" }, "INVALID_AMOUNT"],
    ["a number instead of a string", { amount: 5 }, "INVALID_AMOUNT"],
    ["no amount", { amount: undefined }, "INVALID_AMOUNT"],
    ["an unknown currency", { currency: "XYZ" }, "UNSUPPORTED_CURRENCY"],
    ["an empty currency", { currency: "" }, "UNSUPPORTED_CURRENCY"],
    ["no currency", { currency: undefined }, "VALIDATION_ERROR"],
    ["no recipient", { to: undefined }, "VALIDATION_ERROR"],
    ["an empty recipient", { to: "" }, "VALIDATION_ERROR"],
    ["a recipient that is not text", { to: 42 }, "VALIDATION_ERROR"],
    ["an unknown field", { note: "hi" }, "VALIDATION_ERROR"],
    ["a memo over 140 characters", { memo: "x".repeat(141) }, "VALIDATION_ERROR"],
    ["a memo of two lines", { memo: "line one\nline two" }, "VALIDATION_ERROR"],
    ["a memo that is not text", { memo: 7 }, "VALIDATION_ERROR"],
  ])("refuses %s with 400 and moves nothing", async (_name, change, code) => {
    const { ada, bob } = await adaAndBob();
    const before = await ledgerState();
    const answer = await send(bearer(ada.token), { ...usd(bob.handle, "1.00"), ...change });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe(code);
    expect(await ledgerState()).toEqual(before);
  });

  it.each([
    ["not JSON", "{to: bob", "INVALID_JSON"],
    ["a JSON array", "[]", "VALIDATION_ERROR"],
    ["an empty body", "", "INVALID_JSON"],
  ])("refuses a body that is %s with 400", async (_name, raw, code) => {
    const { ada } = await adaAndBob();
    const before = await ledgerState();
    const answer = await send(bearer(ada.token), raw);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe(code);
    expect(await ledgerState()).toEqual(before);
  });

  it("answers 401 without credentials, with a bad or a merchant's key, and 403 to a cross-site form post", async () => {
    const { ada, bob } = await adaAndBob();
    const merchant = await makeMerchant(ada.id);
    const { key } = await makeMerchantKey({ merchantId: merchant.id, ownerId: ada.id });
    const before = await ledgerState();
    for (const headers of [{}, bearer("ocw_" + "A".repeat(43)), bearer(key), { authorization: "Basic dXNlcjpwYXNz" }]) {
      const answer = await send(headers, usd(bob.handle, "1.00"));
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe("UNAUTHENTICATED");
    }
    const crossSite = await send({ ...(await sessionCookie(ada.id)), origin: "https://evil.example" }, usd(bob.handle, "1.00"));
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error.code).toBe("FORBIDDEN");
    expect(await ledgerState()).toEqual(before);
  });

  describe("Idempotency-Key", () => {
    it("answers the same key and body with the same answer and debits once", async () => {
      const { ada, bob } = await adaAndBob();
      const headers = { ...bearer(ada.token), "idempotency-key": "k-1" };
      const first = await send(headers, usd(bob.handle, "3.00", { memo: "Coffee" }));
      expect(first.status).toBe(201);
      const again = await send(headers, usd(bob.handle, "3.00", { memo: "Coffee" }));
      expect(again).toEqual(first);
      // The same transfer typed another way is the same body.
      const retyped = await send(headers, { memo: " Coffee", currency: "usd", amount: "3", to: `@${bob.handle.toUpperCase()}` });
      expect(retyped).toEqual(first);
      expect(await getBalances(ada.id)).toEqual([{ currency: "USD", amount: "17.00" }]);
      expect(await getBalances(bob.id)).toEqual([{ currency: "USD", amount: "3.00" }]);
      // Another key is another transfer.
      const second = await send({ ...bearer(ada.token), "idempotency-key": "k-2" }, usd(bob.handle, "3.00", { memo: "Coffee" }));
      expect(second.status).toBe(201);
      expect(second.body.txid).not.toBe(first.body.txid);
      expect(await getBalances(ada.id)).toEqual([{ currency: "USD", amount: "14.00" }]);
    });

    it("answers the same key with another body with 409 IDEMPOTENCY_CONFLICT and moves nothing", async () => {
      const { ada, bob } = await adaAndBob();
      const carol = await makeUser();
      const headers = { ...bearer(ada.token), "idempotency-key": "k-conflict" };
      expect((await send(headers, usd(bob.handle, "3.00"))).status).toBe(201);
      const before = await ledgerState();
      for (const body of [usd(bob.handle, "3.01"), usd(carol.handle, "3.00"), usd(bob.handle, "3.00", { memo: "other" }), { to: bob.handle, amount: "3", currency: "EUR" }]) {
        const answer = await send(headers, body);
        expect(answer.status).toBe(409);
        expect(answer.body.error.code).toBe("IDEMPOTENCY_CONFLICT");
      }
      expect(await ledgerState()).toEqual(before);
    });

    it("keeps each user's keys apart, and refuses a malformed key", async () => {
      const { ada, bob } = await adaAndBob();
      await topUpUser({ userId: bob.id, amount: "5.00", currency: "USD" });
      const first = await send({ ...bearer(ada.token), "idempotency-key": "shared" }, usd(bob.handle, "1.00"));
      const other = await send({ ...bearer(bob.token), "idempotency-key": "shared" }, usd(ada.handle, "1.00"));
      expect(first.status).toBe(201);
      expect(other.status).toBe(201);
      expect(other.body.txid).not.toBe(first.body.txid);
      const malformed = await send({ ...bearer(ada.token), "idempotency-key": "two words" }, usd(bob.handle, "1.00"));
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe("VALIDATION_ERROR");
    });

    it("of concurrent requests with one key, debits once and answers each the same", async () => {
      const { ada, bob } = await adaAndBob();
      const headers = { ...bearer(ada.token), "idempotency-key": "double-tap" };
      const answers = await Promise.all(Array.from({ length: 4 }, () => send(headers, usd(bob.handle, "2.00"))));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
      expect(new Set(answers.map((a) => a.body.txid)).size).toBe(1);
      expect(await getBalances(ada.id)).toEqual([{ currency: "USD", amount: "18.00" }]);
      expect((await checkLedger()).problems).toEqual([]);
    });

    it("of concurrent requests with one key for all the balance, answers each the same, never 402", async () => {
      // The later ones wait on the balance the first one spends; they must answer the first's answer.
      const { ada, bob } = await adaAndBob();
      const headers = { ...bearer(ada.token), "idempotency-key": "all-of-it" };
      const answers = await Promise.all(Array.from({ length: 4 }, () => send(headers, usd(bob.handle, "20.00"))));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
      expect(new Set(answers.map((a) => a.body.txid)).size).toBe(1);
      expect(await getBalances(ada.id)).toEqual([{ currency: "USD", amount: "0.00" }]);
      expect((await checkLedger()).problems).toEqual([]);
    });
  });

  it("of two concurrent sends that together exceed the balance, exactly one goes through and the other is 402", async () => {
    const { ada, bob } = await adaAndBob();
    const carol = await makeUser();
    const before = await checkLedger();
    const [toBob, toCarol] = await Promise.all([send(bearer(ada.token), usd(bob.handle, "12.00")), send(bearer(ada.token), usd(carol.handle, "12.00"))]);
    expect([toBob.status, toCarol.status].sort()).toEqual([201, 402]);
    const refused = toBob.status === 402 ? toBob : toCarol;
    expect(refused.body.error).toMatchObject({ code: "INSUFFICIENT_FUNDS", details: { balance: "8.00", required: "12.00" } });
    expect(await getBalances(ada.id)).toEqual([{ currency: "USD", amount: "8.00" }]);
    const received = [...(await getBalances(bob.id)), ...(await getBalances(carol.id))].filter((b) => b.amount !== "0.00");
    expect(received).toEqual([{ currency: "USD", amount: "12.00" }]);
    const after = await checkLedger();
    expect(after.problems).toEqual([]);
    expect(after.postings).toBe(before.postings + 1);
  });

  it("of many concurrent sends, only as many as the balance covers go through", async () => {
    const { ada, bob } = await adaAndBob();
    const answers = await Promise.all(Array.from({ length: 8 }, () => send(bearer(ada.token), usd(bob.handle, "3.00"))));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 201, 201, 201, 402, 402]);
    expect(await getBalances(ada.id)).toEqual([{ currency: "USD", amount: "2.00" }]);
    expect(await getBalances(bob.id)).toEqual([{ currency: "USD", amount: "18.00" }]);
    expect((await checkLedger()).problems).toEqual([]);
  });
});

describe("GET /api/wallet/recipients/{handle}", () => {
  it("tells the sender whom a handle reaches (handle and name, never the email)", async () => {
    const ada = await makeUserWithToken();
    const bob = await createUser({ email: `bob-${ada.id}@example.test`, password: "correct horse battery staple", name: "Bob Builder" });
    const found = await recipient(bearer(ada.token), `@${bob.handle.toUpperCase()}`);
    expect(found.status).toBe(200);
    expect(found.cacheControl).toBe("no-store");
    expect(found.body).toEqual({ handle: bob.handle, name: "Bob Builder" });
  });

  it("refuses what a transfer would refuse: nobody, a merchant, oneself, no credentials", async () => {
    const ada = await makeUserWithToken();
    const merchant = await makeMerchant(ada.id);
    expect((await recipient(bearer(ada.token), "nobody_has_this")).body.error.code).toBe("USER_NOT_FOUND");
    expect((await recipient(bearer(ada.token), merchant.handle)).status).toBe(404);
    const self = await recipient(bearer(ada.token), ada.handle);
    expect(self.status).toBe(400);
    expect(self.body.error.message).toBe("You cannot send money to yourself.");
    expect((await recipient({}, ada.handle)).status).toBe(401);
  });
});
