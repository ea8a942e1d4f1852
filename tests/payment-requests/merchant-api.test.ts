import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { expireDuePaymentRequests } from "@/lib/payment-requests/expire-due-payment-requests";
import { SHORT_CODE_ALPHABET } from "@/lib/payment-requests/short-code";
import {
  backdate,
  createRequest,
  makeMerchantWithKey,
  makePayer,
  merchantApi,
  payerApi,
  requestCounts,
} from "@/tests/payment-requests/support/fixtures";

/** `code` with one character replaced by another of the alphabet: a typo. */
function mistype(code: string): string {
  const position = 4; // a character of the middle group
  const current = code[position]!;
  const replacement = SHORT_CODE_ALPHABET[(SHORT_CODE_ALPHABET.indexOf(current) + 1) % SHORT_CODE_ALPHABET.length]!;
  return code.slice(0, position) + replacement + code.slice(position + 1);
}

describe("GET /api/payment-requests/{id}", () => {
  it("answers the merchant's own request; another merchant's key gets 404 as for a missing one", async () => {
    const { key } = await makeMerchantWithKey();
    const { key: otherKey } = await makeMerchantWithKey();
    const request = await createRequest(key);
    const own = await merchantApi.get(key, request.id);
    expect(own.status).toBe(200);
    expect(own.body.id).toBe(request.id);
    const foreign = await merchantApi.get(otherKey, request.id);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("NOT_FOUND");
    const missing = await merchantApi.get(key, "pr_00000000000000000000000000000000");
    expect(missing).toEqual({ status: 404, body: foreign.body });
    expect((await merchantApi.get(null, request.id)).status).toBe(401);
  });

  it("reads a request past its expiry with nothing received as EXPIRED, logged with a reason", async () => {
    const { key } = await makeMerchantWithKey();
    const request = await createRequest(key);
    await backdate(request.id, { expiresAt: new Date(Date.now() - 1000) });
    const read = await merchantApi.get(key, request.id);
    expect(read.body.status).toBe("EXPIRED");
    expect(read.body.statusReason).toBe("Not paid before it expired.");
    expect(read.body.log.map((e: { status: string }) => e.status)).toEqual(["CREATED", "EXPIRED"]);
    expect(read.body.log[1].reason).toBe("Not paid before it expired.");
    // Once: reading again changes nothing more.
    expect((await merchantApi.get(key, request.id)).body.log).toHaveLength(2);
  });
});

describe("GET /api/payment-requests/short-code/{shortCode}", () => {
  it("finds the merchant's request by its code, typed in lower case or without dashes", async () => {
    const { key } = await makeMerchantWithKey();
    const request = await createRequest(key);
    for (const typed of [request.shortCode, request.shortCode.toLowerCase(), request.shortCode.replace(/-/g, "")]) {
      const found = await merchantApi.byShortCode(key, typed);
      expect(found.status, typed).toBe(200);
      expect(found.body.id).toBe(request.id);
    }
  });

  it("refuses a mistyped code with 400 INVALID_SHORT_CODE, and answers 404 for a valid unknown or another merchant's code", async () => {
    const { key } = await makeMerchantWithKey();
    const { key: otherKey } = await makeMerchantWithKey();
    const request = await createRequest(key);
    const typo = await merchantApi.byShortCode(key, mistype(request.shortCode));
    expect(typo.status).toBe(400);
    expect(typo.body.error.code).toBe("INVALID_SHORT_CODE");
    expect((await merchantApi.byShortCode(key, "nonsense")).body.error.code).toBe("INVALID_SHORT_CODE");
    const foreign = await merchantApi.byShortCode(otherKey, request.shortCode);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("NOT_FOUND");
  });

  it("answers the newest request with the code when a finished one had it before", async () => {
    const { key } = await makeMerchantWithKey();
    const old = await createRequest(key);
    expect((await merchantApi.cancel(key, old.id)).body.status).toBe("CANCELLED");
    const client = await db();
    expect((await client.paymentRequest.findUniqueOrThrow({ where: { id: old.id } })).openShortCode).toBeNull();
    const fresh = await createRequest(key);
    // The code was freed by the cancel, so a new request may draw it: make it so.
    await client.paymentRequest.update({ where: { id: fresh.id }, data: { shortCode: old.shortCode, openShortCode: old.shortCode } });
    const found = await merchantApi.byShortCode(key, old.shortCode);
    expect(found.body.id).toBe(fresh.id);
  });
});

describe("GET /api/payment-requests", () => {
  it("lists the merchant's own requests newest first, with a cursor that does not shift", async () => {
    const { key } = await makeMerchantWithKey();
    const { key: otherKey } = await makeMerchantWithKey();
    await createRequest(otherKey);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createRequest(key, { description: `sale ${i}` })).id);
    const newestFirst = [...ids].reverse();

    const first = await merchantApi.list(key, "?limit=2");
    expect(first.status).toBe(200);
    expect(first.body.requests.map((r: { id: string }) => r.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.body.requests[0].log).toHaveLength(1);
    // A sale made between two pages appears on no later page and moves nothing.
    await createRequest(key, { description: "meanwhile" });
    const second = await merchantApi.list(key, `?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.requests.map((r: { id: string }) => r.id)).toEqual(newestFirst.slice(2, 4));
    const third = await merchantApi.list(key, `?limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body.requests.map((r: { id: string }) => r.id)).toEqual(newestFirst.slice(4));
    expect(third.body.nextCursor).toBeNull();
  });

  it("filters by status and externalRef, expiring what is due first", async () => {
    const { key } = await makeMerchantWithKey();
    const open = await createRequest(key, { externalRef: "a" });
    const stale = await createRequest(key, { externalRef: "b" });
    const cancelled = await createRequest(key, { externalRef: "c" });
    await merchantApi.cancel(key, cancelled.id);
    await backdate(stale.id, { expiresAt: new Date(Date.now() - 1) });
    const ids = async (query: string) => (await merchantApi.list(key, query)).body.requests.map((r: { id: string }) => r.id);
    expect(await ids("?status=CREATED")).toEqual([open.id]);
    expect(await ids("?status=EXPIRED")).toEqual([stale.id]);
    expect(await ids("?status=CANCELLED")).toEqual([cancelled.id]);
    expect(await ids("?externalRef=b")).toEqual([stale.id]);
    expect(await ids("?status=CREATED&externalRef=b")).toEqual([]);
  });

  it.each(["status=PAID", "limit=0", "limit=101", "limit=x", "cursor=pr_unknown"])("refuses ?%s with 400", async (query) => {
    const { key } = await makeMerchantWithKey();
    await createRequest(key);
    const answer = await merchantApi.list(key, `?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("VALIDATION_ERROR");
  });

  it("does not accept another merchant's request as a cursor", async () => {
    const { key } = await makeMerchantWithKey();
    const { key: otherKey } = await makeMerchantWithKey();
    const theirs = await createRequest(otherKey);
    expect((await merchantApi.list(key, `?cursor=${theirs.id}`)).status).toBe(400);
  });
});

describe("POST /api/payment-requests/{id}/cancel", () => {
  it("cancels an open request with the merchant's reason, logged; the short code and externalRef are freed", async () => {
    const { key } = await makeMerchantWithKey();
    const request = await createRequest(key, { externalRef: "sale-1" });
    const cancelled = await merchantApi.cancel(key, request.id, { reason: "customer left" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: request.id, status: "CANCELLED", statusReason: "Cancelled by the merchant: customer left" });
    expect(cancelled.body.log.map((e: { status: string; reason?: string }) => [e.status, e.reason])).toEqual([
      ["CREATED", undefined],
      ["CANCELLED", "Cancelled by the merchant: customer left"],
    ]);
    const client = await db();
    const row = await client.paymentRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(row.openShortCode).toBeNull();
    expect(row.openExternalRefKey).toBeNull();
    // Without a body, too.
    const other = await createRequest(key);
    expect((await merchantApi.cancel(key, other.id)).body.statusReason).toBe("Cancelled by the merchant.");
  });

  it("refuses to cancel a cancelled, paid or expired request (409 INVALID_STATE), and another merchant's (404)", async () => {
    const { key } = await makeMerchantWithKey();
    const { key: otherKey } = await makeMerchantWithKey();
    const payer = await makePayer({ topUp: { amount: "20.00", currency: "USD" } });

    const cancelled = await createRequest(key);
    await merchantApi.cancel(key, cancelled.id);
    const again = await merchantApi.cancel(key, cancelled.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("INVALID_STATE");

    const paid = await createRequest(key);
    expect((await payerApi.pay(payer.token, paid.id)).status).toBe(200);
    const afterPay = await merchantApi.cancel(key, paid.id);
    expect(afterPay.status).toBe(409);
    expect(afterPay.body.error.code).toBe("INVALID_STATE");

    const stale = await createRequest(key);
    await backdate(stale.id, { expiresAt: new Date(Date.now() - 1) });
    const afterExpiry = await merchantApi.cancel(key, stale.id);
    expect(afterExpiry.status).toBe(409);
    expect(afterExpiry.body.error.code).toBe("INVALID_STATE");
    // The expiry that was due is kept even though the cancel was refused.
    expect((await merchantApi.get(key, stale.id)).body.status).toBe("EXPIRED");

    const open = await createRequest(key);
    const before = await requestCounts();
    const foreign = await merchantApi.cancel(otherKey, open.id);
    expect(foreign.status).toBe(404);
    expect(await requestCounts()).toEqual(before);
    expect((await merchantApi.get(key, open.id)).body.status).toBe("CREATED");
  });

  it("refuses a bad body and a key without the payments scope", async () => {
    const { key } = await makeMerchantWithKey();
    const request = await createRequest(key);
    expect((await merchantApi.cancel(key, request.id, { reason: 5 })).status).toBe(400);
    expect((await merchantApi.cancel(key, request.id, "{")).body.error.code).toBe("INVALID_JSON");
    const { key: refundsOnly } = await makeMerchantWithKey({ scopes: ["refunds"] });
    expect((await merchantApi.cancel(refundsOnly, request.id)).status).toBe(403);
    expect((await merchantApi.get(key, request.id)).body.status).toBe("CREATED");
  });
});

describe("expireDuePaymentRequests (the worker's sweep)", () => {
  it("expires every open request past its expiry, once, and leaves the others", async () => {
    const { key } = await makeMerchantWithKey();
    const due1 = await createRequest(key);
    const due2 = await createRequest(key);
    const fresh = await createRequest(key);
    await backdate(due1.id, { expiresAt: new Date(Date.now() - 5000) });
    await backdate(due2.id, { expiresAt: new Date(Date.now() - 1) });
    expect(await expireDuePaymentRequests()).toBe(2);
    expect(await expireDuePaymentRequests()).toBe(0);
    const client = await db();
    const statuses = await client.paymentRequest.findMany({ where: { id: { in: [due1.id, due2.id, fresh.id] } }, select: { id: true, status: true } });
    expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({ [due1.id]: "EXPIRED", [due2.id]: "EXPIRED", [fresh.id]: "CREATED" });
    expect(await client.paymentRequestEvent.count({ where: { requestId: due1.id, status: "EXPIRED" } })).toBe(1);
  });

  it("drops Idempotency-Key answers older than 24 hours", async () => {
    const { key } = await makeMerchantWithKey();
    await merchantApi.create(key, {}, { "idempotency-key": "old" });
    await merchantApi.create(key, {}, { "idempotency-key": "new" });
    const client = await db();
    await client.idempotencyRecord.updateMany({ where: { key: { endsWith: ":old" } }, data: { expiresAt: new Date(Date.now() - 1) } });
    await expireDuePaymentRequests();
    expect((await client.idempotencyRecord.findMany({ select: { key: true } })).map((r) => r.key.split(":").pop())).toEqual(["new"]);
  });
});
