import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { holdOwner } from "@/lib/ledger/accounts";
import { expireDuePaymentRequests } from "@/lib/payment-requests/expire-due-payment-requests";
import { topUpUser } from "@/lib/wallet/top-up-user";
import { sessionCookie } from "@/tests/payment-requests/support/session";
import {
  backdate,
  createRequest,
  expectLedgerBalanced,
  makeMerchantWithKey,
  makePayer,
  merchantApi,
  merchantBalance,
  payerApi,
  requestCounts,
  userBalance,
} from "@/tests/payment-requests/support/fixtures";

const usd = (amount: string) => ({ value: { amount, currency: "USD" } });

describe("the payer's view", () => {
  it("shows a request by id and by short code (any case, with or without dashes)", async () => {
    const { merchant, key } = await makeMerchantWithKey({ name: "Bakery" });
    const payer = await makePayer();
    const request = await createRequest(key, {
      ...usd("4.20"),
      description: "Croissants",
      lineItems: [{ name: "Croissant", qty: 2, price: "4.20" }],
      externalRef: "secret-ref",
      callbackUrl: "https://pos.example/cb",
    });
    const byId = await payerApi.get(payer.token, request.id);
    expect(byId.status).toBe(200);
    expect(byId.body).toEqual({
      id: request.id,
      shortCode: request.shortCode,
      merchant: { id: merchant.id, name: "Bakery", handle: merchant.handle },
      value: { amount: "4.20", currency: "USD" },
      amountDue: "4.20",
      status: "CREATED",
      expiresAt: request.expiresAt,
      description: "Croissants",
      lineItems: [{ name: "Croissant", qty: 2, price: "4.20" }],
      partialAllowed: false,
    });
    for (const code of [request.shortCode, request.shortCode.toLowerCase().replace(/-/g, "")]) {
      const byCode = await payerApi.byCode(payer.token, code);
      expect(byCode.status).toBe(200);
      expect(byCode.body).toEqual(byId.body);
    }
  });

  it("refuses a mistyped code (400 INVALID_SHORT_CODE), answers 404 for an unknown one and 401 without a token", async () => {
    const { key } = await makeMerchantWithKey();
    const payer = await makePayer();
    const request = await createRequest(key);
    const last = request.shortCode.at(-1) === "2" ? "3" : "2";
    const typo = await payerApi.byCode(payer.token, request.shortCode.slice(0, -1) + last);
    expect(typo.status).toBe(400);
    expect(typo.body.error.code).toBe("INVALID_SHORT_CODE");
    expect((await payerApi.get(payer.token, "pr_nope")).status).toBe(404);
    expect((await payerApi.get(null, request.id)).status).toBe(401);
    expect((await payerApi.byCode(null, request.shortCode)).status).toBe(401);
  });

  it("works with the browser session as well as a token", async () => {
    const { key } = await makeMerchantWithKey();
    const payer = await makePayer({ topUp: { amount: "5.00", currency: "USD" } });
    const request = await createRequest(key, usd("5.00"));
    const cookie = await sessionCookie(payer.id);
    const { GET } = await import("@/app/api/wallet/payment-requests/[id]/route");
    const { NextRequest } = await import("next/server");
    const response = await GET(new NextRequest(`http://localhost:3999/api/wallet/payment-requests/${request.id}`, { headers: cookie }), {
      params: Promise.resolve({ id: request.id }),
    });
    expect(response.status).toBe(200);
  });
});

describe("POST /api/wallet/payment-requests/{id}/pay", () => {
  it("pays in one balanced posting: payer debited, merchant credited, DONE, logged, related", async () => {
    const { merchant, key } = await makeMerchantWithKey();
    const payer = await makePayer({ topUp: { amount: "20.00", currency: "USD" } });
    const request = await createRequest(key, usd("12.50"));

    const paid = await payerApi.pay(payer.token, request.id);
    expect(paid.status).toBe(200);
    expect(Object.keys(paid.body).sort()).toEqual(["request", "status", "txid"]);
    expect(paid.body.status).toBe("DONE");
    expect(paid.body.txid).toMatch(/^oc_[0-9a-f]{32}$/);
    expect(paid.body.request).toMatchObject({ id: request.id, status: "DONE", amountDue: "0.00" });

    expect(await userBalance(payer.id, "USD")).toBe("7.50");
    expect(await merchantBalance(merchant.id, "USD")).toBe("12.50");
    const view = (await merchantApi.get(key, request.id)).body;
    expect(view).toMatchObject({ status: "DONE", amountPaid: "12.50", amountDue: "0.00", amountRefunded: "0.00" });
    expect(view.log.map((e: { status: string }) => e.status)).toEqual(["CREATED", "DONE"]);
    expect(view.related).toEqual([{ type: "payment", value: paid.body.txid, amount: "12.50", createdAt: expect.any(String) }]);
    const client = await db();
    const row = await client.paymentRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(row.openShortCode).toBeNull();
    const postings = await client.ledgerTransaction.findMany({
      where: { kind: "payment_request", idempotencyKey: `payment_request:${paid.body.txid}` },
      include: { entries: true },
    });
    expect(postings).toHaveLength(1);
    expect(postings[0]!.entries.map((e) => e.amount).sort()).toEqual([-1250n, 1250n]);
    await expectLedgerBalanced();
  });

  it("refuses paying a paid (409 REQUEST_PAID), cancelled (409 REQUEST_CANCELLED) or expired (410 REQUEST_EXPIRED) request, moving nothing", async () => {
    const { key } = await makeMerchantWithKey();
    const payer = await makePayer({ topUp: { amount: "50.00", currency: "USD" } });

    const paid = await createRequest(key, usd("1.00"));
    await payerApi.pay(payer.token, paid.id);
    const cancelled = await createRequest(key, usd("1.00"));
    await merchantApi.cancel(key, cancelled.id);
    const stale = await createRequest(key, usd("1.00"));
    await backdate(stale.id, { expiresAt: new Date(Date.now() - 1) });

    const before = await requestCounts();
    const balance = await userBalance(payer.id, "USD");
    for (const [id, status, code] of [
      [paid.id, 409, "REQUEST_PAID"],
      [cancelled.id, 409, "REQUEST_CANCELLED"],
      [stale.id, 410, "REQUEST_EXPIRED"],
    ] as const) {
      const answer = await payerApi.pay(payer.token, id);
      expect(answer.status, code).toBe(status);
      expect(answer.body.error.code).toBe(code);
    }
    // The expired one became EXPIRED on the way (one log entry); no money, movement or posting.
    expect((await merchantApi.get(key, stale.id)).body.status).toBe("EXPIRED");
    expect(await requestCounts()).toEqual({ ...before, events: before.events + 1 });
    expect(await userBalance(payer.id, "USD")).toBe(balance);
    expect((await payerApi.pay(payer.token, stale.id)).status).toBe(410);
  });

  it("refuses paying before notBefore (409 REQUEST_NOT_YET_VALID), and pays once it has passed", async () => {
    const { key } = await makeMerchantWithKey();
    const payer = await makePayer({ topUp: { amount: "5.00", currency: "USD" } });
    const request = await createRequest(key, { ...usd("2.00"), notBefore: new Date(Date.now() + 60_000).toISOString() });
    const early = await payerApi.pay(payer.token, request.id);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: "REQUEST_NOT_YET_VALID", details: { notBefore: request.notBefore } });
    expect(await userBalance(payer.id, "USD")).toBe("5.00");
    await backdate(request.id, { notBefore: new Date(Date.now() - 1) });
    expect((await payerApi.pay(payer.token, request.id)).body.status).toBe("DONE");
  });

  it.each([
    ["zero", "0.00"],
    ["negative", "-1.00"],
    ["over-precise", "10.001"],
    ["an exponent", "1e1"],
    ["more than 18 digits", "1234567890123456789"],
    ["more than is due", "10.01"],
    ["less than the full amount (no parts allowed)", "9.99"],
    ["a JSON number", 10],
  ])("refuses an amount that is %s with 400 INVALID_AMOUNT, moving nothing", async (_name, amount) => {
    const { key } = await makeMerchantWithKey();
    const payer = await makePayer({ topUp: { amount: "100.00", currency: "USD" } });
    const request = await createRequest(key, usd("10.00"));
    const before = await requestCounts();
    const answer = await payerApi.pay(payer.token, request.id, { amount });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("INVALID_AMOUNT");
    expect(await requestCounts()).toEqual(before);
    expect(await userBalance(payer.id, "USD")).toBe("100.00");
    // The exact amount is fine.
    expect((await payerApi.pay(payer.token, request.id, { amount: "10.00" })).status).toBe(200);
  });

  it("answers 402 INSUFFICIENT_FUNDS moving nothing; after a top-up the same request is paid", async () => {
    const { merchant, key } = await makeMerchantWithKey();
    const payer = await makePayer({ topUp: { amount: "3.00", currency: "USD" } });
    const request = await createRequest(key, usd("5.00"));
    const before = await requestCounts();
    const refused = await payerApi.pay(payer.token, request.id);
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({ code: "INSUFFICIENT_FUNDS", details: { missing: "2.00" } });
    expect(await requestCounts()).toEqual(before);
    expect(await userBalance(payer.id, "USD")).toBe("3.00");
    expect((await merchantApi.get(key, request.id)).body).toMatchObject({ status: "CREATED", amountPaid: "0.00", log: [{ status: "CREATED" }] });

    await topUpUser({ userId: payer.id, amount: "2.00", currency: "USD" });
    const paid = await payerApi.pay(payer.token, request.id);
    expect(paid.status).toBe(200);
    expect(await userBalance(payer.id, "USD")).toBe("0.00");
    expect(await merchantBalance(merchant.id, "USD")).toBe("5.00");
    await expectLedgerBalanced();
  });

  it("ten payers racing on one request: exactly one payment, nine clean 409s, no money lost", async () => {
    const { merchant, key } = await makeMerchantWithKey();
    const payers = await Promise.all(Array.from({ length: 10 }, () => makePayer({ topUp: { amount: "10.00", currency: "USD" } })));
    const request = await createRequest(key, usd("7.00"));

    const answers = await Promise.all(payers.map((payer) => payerApi.pay(payer.token, request.id)));
    const winners = answers.filter((a) => a.status === 200);
    const losers = answers.filter((a) => a.status !== 200);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(9);
    for (const loser of losers) {
      expect(loser.status).toBe(409);
      expect(loser.body.error.code).toBe("REQUEST_PAID");
    }
    const balances = await Promise.all(payers.map((payer) => userBalance(payer.id, "USD")));
    expect(balances.filter((b) => b === "3.00")).toHaveLength(1);
    expect(balances.filter((b) => b === "10.00")).toHaveLength(9);
    expect(await merchantBalance(merchant.id, "USD")).toBe("7.00");
    const view = (await merchantApi.get(key, request.id)).body;
    expect(view.related).toHaveLength(1);
    expect(view.log.map((e: { status: string }) => e.status)).toEqual(["CREATED", "DONE"]);
    await expectLedgerBalanced();
  });

  it("a busy till: 32 sales to one merchant by 8 payers, 8 at a time, are all paid — none refused for contention", async () => {
    // On PostgreSQL every sale credits the same merchant balance row and payers share theirs: the pay must
    // queue on those rows, not abort and give up (it answered 503 under SERIALIZABLE at 8 concurrent sales).
    const { merchant, key } = await makeMerchantWithKey();
    const payers = await Promise.all(Array.from({ length: 8 }, () => makePayer({ topUp: { amount: "100.00", currency: "USD" } })));
    const requests = await Promise.all(Array.from({ length: 32 }, () => createRequest(key, usd("1.25"))));
    const statuses: number[] = [];
    for (let round = 0; round < 4; round++) {
      const answers = await Promise.all(
        requests.slice(round * 8, round * 8 + 8).map((request, i) => payerApi.pay(payers[(i + round) % 8]!.token, request.id)),
      );
      statuses.push(...answers.map((a) => a.status));
    }
    expect(statuses).toEqual(Array(32).fill(200));
    expect(await merchantBalance(merchant.id, "USD")).toBe("40.00");
    for (const payer of payers) expect(await userBalance(payer.id, "USD")).toBe("95.00");
    await expectLedgerBalanced();
  });

  describe("Idempotency-Key", () => {
    it("answers the same key and body again with the same answer and one debit", async () => {
      const { merchant, key } = await makeMerchantWithKey();
      const payer = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
      const request = await createRequest(key, usd("4.00"));
      const first = await payerApi.pay(payer.token, request.id, undefined, { "idempotency-key": "tap-1" });
      const again = await payerApi.pay(payer.token, request.id, undefined, { "idempotency-key": "tap-1" });
      expect(first.status).toBe(200);
      expect(again).toEqual(first);
      expect(await userBalance(payer.id, "USD")).toBe("6.00");
      expect(await merchantBalance(merchant.id, "USD")).toBe("4.00");
      // Without the key the second tap is refused as already paid.
      expect((await payerApi.pay(payer.token, request.id)).body.error.code).toBe("REQUEST_PAID");
    });

    it("refuses the same key with another body or for another request (409 IDEMPOTENCY_CONFLICT)", async () => {
      const { key } = await makeMerchantWithKey();
      const payer = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
      const request = await createRequest(key, { ...usd("4.00"), partialAllowed: true });
      const other = await createRequest(key, usd("1.00"));
      expect((await payerApi.pay(payer.token, request.id, { amount: "1.00" }, { "idempotency-key": "k" })).status).toBe(200);
      const before = await requestCounts();
      const otherBody = await payerApi.pay(payer.token, request.id, { amount: "2.00" }, { "idempotency-key": "k" });
      expect(otherBody.status).toBe(409);
      expect(otherBody.body.error.code).toBe("IDEMPOTENCY_CONFLICT");
      const otherRequest = await payerApi.pay(payer.token, other.id, undefined, { "idempotency-key": "k" });
      expect(otherRequest.body.error.code).toBe("IDEMPOTENCY_CONFLICT");
      expect(await requestCounts()).toEqual(before);
      expect(await userBalance(payer.id, "USD")).toBe("9.00");
    });

    it("debits once for concurrent taps with one key", async () => {
      const { key } = await makeMerchantWithKey();
      const payer = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
      const request = await createRequest(key, usd("4.00"));
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => payerApi.pay(payer.token, request.id, undefined, { "idempotency-key": "double-tap" })),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      expect(new Set(answers.map((a) => a.body.txid)).size).toBe(1);
      expect(await userBalance(payer.id, "USD")).toBe("6.00");
    });

    it("does not remember a refusal: after a 402 and a top-up the same key pays", async () => {
      const { key } = await makeMerchantWithKey();
      const payer = await makePayer({ topUp: { amount: "1.00", currency: "USD" } });
      const request = await createRequest(key, usd("4.00"));
      expect((await payerApi.pay(payer.token, request.id, undefined, { "idempotency-key": "retry" })).status).toBe(402);
      await topUpUser({ userId: payer.id, amount: "3.00", currency: "USD" });
      expect((await payerApi.pay(payer.token, request.id, undefined, { "idempotency-key": "retry" })).status).toBe(200);
    });
  });

  describe("amounts chosen by the payer", () => {
    it("pays an amount-less request with the amount and currency given; the first payment completes it", async () => {
      const { merchant, key } = await makeMerchantWithKey();
      const payer = await makePayer({ topUp: { amount: "10.00", currency: "EUR" } });
      const request = await createRequest(key, { description: "Tip jar" });
      for (const body of [undefined, { amount: "2.00" }, { currency: "EUR" }, { amount: "2.00", currency: "XYZ" }]) {
        expect((await payerApi.pay(payer.token, request.id, body)).status, JSON.stringify(body)).toBe(400);
      }
      const paid = await payerApi.pay(payer.token, request.id, { amount: "2.50", currency: "EUR" });
      expect(paid.status).toBe(200);
      expect(paid.body.status).toBe("DONE");
      expect(paid.body.request).toMatchObject({ value: null, amountDue: null, status: "DONE" });
      expect(await merchantBalance(merchant.id, "EUR")).toBe("2.50");
      expect((await merchantApi.get(key, request.id)).body).toMatchObject({ value: null, amountPaid: "2.50", related: [{ amount: "2.50" }] });
    });

    it("refuses a currency other than the request's", async () => {
      const { key } = await makeMerchantWithKey();
      const payer = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
      const request = await createRequest(key, usd("1.00"));
      const answer = await payerApi.pay(payer.token, request.id, { currency: "EUR" });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe("CURRENCY_MISMATCH");
    });

    it("takes parts of a split payment from several payers until the amount is reached", async () => {
      const { merchant, key } = await makeMerchantWithKey();
      const alice = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
      const bob = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
      const request = await createRequest(key, { ...usd("10.00"), partialAllowed: true });
      expect((await payerApi.pay(alice.token, request.id)).body.error.code).toBe("INVALID_AMOUNT"); // a part needs an amount
      const part = await payerApi.pay(alice.token, request.id, { amount: "4.00" });
      expect(part.body).toMatchObject({ status: "INCOMPLETE", request: { amountDue: "6.00", status: "INCOMPLETE" } });
      expect((await payerApi.pay(bob.token, request.id, { amount: "6.01" })).body.error.code).toBe("INVALID_AMOUNT");
      // Past its expiry an INCOMPLETE request keeps its parts but takes no more.
      const expiresAt = new Date(request.expiresAt);
      await backdate(request.id, { expiresAt: new Date(Date.now() - 1) });
      const late = await payerApi.pay(bob.token, request.id, { amount: "6.00" });
      expect(late.status).toBe(410);
      expect(late.body.error.code).toBe("REQUEST_EXPIRED");
      expect((await merchantApi.get(key, request.id)).body.status).toBe("INCOMPLETE");
      await backdate(request.id, { expiresAt });
      const rest = await payerApi.pay(bob.token, request.id, { amount: "6.00" });
      expect(rest.body).toMatchObject({ status: "DONE", request: { amountDue: "0.00" } });
      const view = (await merchantApi.get(key, request.id)).body;
      expect(view.related.map((r: { amount: string }) => r.amount)).toEqual(["4.00", "6.00"]);
      expect(view.log.map((e: { status: string }) => e.status)).toEqual(["CREATED", "INCOMPLETE", "DONE"]);
      expect(await merchantBalance(merchant.id, "USD")).toBe("10.00");
      await expectLedgerBalanced();
    });
  });
});

describe("requests to pay (payer = a handle)", () => {
  it("are listed for the addressed payer, newest first, and are 404 for everyone else on every payer endpoint", async () => {
    const { key } = await makeMerchantWithKey();
    const ada = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    const eve = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    const first = await createRequest(key, { ...usd("1.00"), payer: ada.handle });
    const second = await createRequest(key, { ...usd("2.00"), payer: `@${ada.handle}` });
    await createRequest(key, usd("3.00")); // open to anyone: not listed as addressed to Ada

    const listed = await payerApi.list(ada.token);
    expect(listed.status).toBe(200);
    expect(listed.body.requests.map((r: { id: string }) => r.id)).toEqual([second.id, first.id]);
    expect(listed.body.requests[0].payer).toBe(ada.handle);
    expect((await payerApi.list(eve.token)).body).toEqual({ requests: [] });

    const before = await requestCounts();
    for (const answer of [
      await payerApi.get(eve.token, first.id),
      await payerApi.byCode(eve.token, first.shortCode),
      await payerApi.pay(eve.token, first.id),
      await payerApi.decline(eve.token, first.id),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe("NOT_FOUND");
    }
    expect(await requestCounts()).toEqual(before);
    expect(await userBalance(eve.id, "USD")).toBe("10.00");
    expect((await payerApi.pay(ada.token, first.id)).body.status).toBe("DONE");
  });

  it("the addressed payer declines one → CANCELLED with a reason the merchant sees; a paid one cannot be declined", async () => {
    const { key } = await makeMerchantWithKey();
    const ada = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    const request = await createRequest(key, { ...usd("1.00"), payer: ada.handle });
    const declined = await payerApi.decline(ada.token, request.id, { reason: "not my order" });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: "CANCELLED", request: { id: request.id, status: "CANCELLED" } });
    const view = (await merchantApi.get(key, request.id)).body;
    expect(view.statusReason).toBe("Declined by the payer: not my order");
    expect(view.log.map((e: { status: string }) => e.status)).toEqual(["CREATED", "CANCELLED"]);
    expect((await payerApi.pay(ada.token, request.id)).body.error.code).toBe("REQUEST_CANCELLED");
    expect((await payerApi.decline(ada.token, request.id)).body.error.code).toBe("REQUEST_CANCELLED");

    const paid = await createRequest(key, { ...usd("1.00"), payer: ada.handle });
    await payerApi.pay(ada.token, paid.id);
    const late = await payerApi.decline(ada.token, paid.id);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("REQUEST_PAID");
  });

  it("a request open to anyone cannot be declined (403)", async () => {
    const { key } = await makeMerchantWithKey();
    const payer = await makePayer();
    const request = await createRequest(key, usd("1.00"));
    const answer = await payerApi.decline(payer.token, request.id);
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe("FORBIDDEN");
    expect((await merchantApi.get(key, request.id)).body.status).toBe("CREATED");
  });
});

describe("capture manual: the money is reserved on a hold account", () => {
  const holdBalance = async (requestId: string) => {
    const client = await db();
    const account = await client.ledgerAccount.findFirst({ where: { type: "hold", owner: holdOwner(requestId) } });
    return account?.balance ?? 0n;
  };

  it("paying reserves it (PENDING): payer debited, hold credited, merchant not; a second pay is refused", async () => {
    const { merchant, key } = await makeMerchantWithKey();
    const payer = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    const request = await createRequest(key, { ...usd("6.00"), capture: "manual", holdSeconds: 600 });
    const held = await payerApi.pay(payer.token, request.id);
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ status: "PENDING", request: { status: "PENDING", amountDue: "0.00" } });
    expect(await userBalance(payer.id, "USD")).toBe("4.00");
    expect(await holdBalance(request.id)).toBe(600n);
    expect(await merchantBalance(merchant.id, "USD")).toBe("0.00");
    const view = (await merchantApi.get(key, request.id)).body;
    expect(view).toMatchObject({ status: "PENDING", amountPaid: "0.00", related: [{ type: "payment", value: held.body.txid, amount: "6.00" }] });
    expect((await payerApi.pay(payer.token, request.id)).status).toBe(409);
    await expectLedgerBalanced();
  });

  it("cancelling a reservation gives the money back in the same transaction", async () => {
    const { key } = await makeMerchantWithKey();
    const payer = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    const request = await createRequest(key, { ...usd("6.00"), capture: "manual" });
    await payerApi.pay(payer.token, request.id);
    const cancelled = await merchantApi.cancel(key, request.id, { reason: "out of stock" });
    expect(cancelled.body).toMatchObject({ status: "CANCELLED", amountPaid: "0.00" });
    expect(cancelled.body.log.map((e: { status: string }) => e.status)).toEqual(["CREATED", "PENDING", "CANCELLED"]);
    expect(await userBalance(payer.id, "USD")).toBe("10.00");
    expect(await holdBalance(request.id)).toBe(0n);
    await expectLedgerBalanced();
  });

  it("a reservation past holdSeconds is released by the sweep → FAILED, the money back with the payer", async () => {
    const { merchant, key } = await makeMerchantWithKey();
    const payer = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    const request = await createRequest(key, { ...usd("6.00"), capture: "manual", holdSeconds: 60 });
    await payerApi.pay(payer.token, request.id);
    expect(await expireDuePaymentRequests()).toBe(0);
    await backdate(request.id, { holdExpiresAt: new Date(Date.now() - 1) });
    expect(await expireDuePaymentRequests()).toBe(1);
    const view = (await merchantApi.get(key, request.id)).body;
    expect(view.status).toBe("FAILED");
    expect(view.log.map((e: { status: string }) => e.status)).toEqual(["CREATED", "PENDING", "FAILED"]);
    expect(await userBalance(payer.id, "USD")).toBe("10.00");
    expect(await merchantBalance(merchant.id, "USD")).toBe("0.00");
    expect(await expireDuePaymentRequests()).toBe(0);
    await expectLedgerBalanced();
  });
});
