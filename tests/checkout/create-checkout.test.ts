import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as cancelRoute } from "@/app/checkout/[id]/cancel/route";
import { POST as payRoute } from "@/app/api/checkout/[id]/pay/route";
import { db } from "@/lib/db";
import { topUpUser } from "@/lib/wallet/top-up-user";
import { json, makeUserWithToken, request } from "@/tests/support/factories";
import { GATEWAY_OCID, signedRequest } from "@/tests/support/protocol-fixtures";
import { POST as checkoutCreateRoute } from "@/app/opencharge/checkout/create/route";
import { checkoutBody, counts, ctx, postCheckout, startCheckoutWorld, type CheckoutCreated, type CheckoutWorld } from "./support/checkout-fixtures";

let world: CheckoutWorld;

beforeAll(async () => {
  world = await startCheckoutWorld(700);
});

afterAll(async () => {
  await world.close();
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function expectRefused(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = await json(response);
  expect(body.error).toMatchObject({ code, message: expect.any(String) });
  return body.error as { code: string; message: string; details?: any };
}

describe("POST /opencharge/checkout/create", () => {
  it("creates a session: checkout_url, session_id, expires_at, and an order the session's deadline binds", async () => {
    const { gateway, merchant } = world;
    const body = checkoutBody(merchant, { expiresAt: nowSeconds() + 3600 });
    const before = nowSeconds();
    const response = await postCheckout(gateway, body);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-oc-signature")).toMatch(/^[0-9a-f]{130}$/);
    const created = (await json(response)) as CheckoutCreated;
    expect(Object.keys(created).sort()).toEqual(["checkout_url", "expires_at", "session_id"]);
    expect(created.session_id).toMatch(/^cs_[0-9a-f]{40}$/);
    expect(created.checkout_url).toBe(`http://localhost:3999/checkout/${created.session_id}`);
    // Default lifetime CHECKOUT_SESSION_TTL_SECONDS = 1800, shorter than the order's own hour.
    expect(created.expires_at).toBeGreaterThanOrEqual(before + 1800);
    expect(created.expires_at).toBeLessThanOrEqual(nowSeconds() + 1800);

    const client = await db();
    const session = await client.checkoutSession.findUniqueOrThrow({ where: { id: created.session_id }, include: { order: true } });
    expect(session).toMatchObject({
      gatewayOcid: gateway.ocid,
      status: "open",
      successUrl: body.urls.success,
      cancelUrl: body.urls.cancel,
    });
    expect(session.expiresAt.getTime()).toBe(created.expires_at * 1000);
    expect(session.order).toMatchObject({
      source: "checkout",
      merchantOcid: merchant.ocid,
      merchantOrderId: body.order.id,
      merchantName: `Simulated Merchant ${merchant.ocid}`,
      senderOcid: gateway.ocid,
      amount: "15.00",
      currency: "USD",
      amountMinor: 1500n,
      status: "pending",
    });
    expect(session.order.expiresAt?.getTime()).toBe(session.expiresAt.getTime());
    expect(JSON.parse(session.order.orderJson)).toEqual(body.order);
  });

  it("never outlives the order: expires_at is the order's expiresAt when that comes first", async () => {
    const expiresAt = nowSeconds() + 120;
    const response = await postCheckout(world.gateway, checkoutBody(world.merchant, { expiresAt }));
    expect((await json(response)).expires_at).toBe(expiresAt);
  });

  it("an order without expiresAt gets the default 30 minutes", async () => {
    const response = await postCheckout(world.gateway, checkoutBody(world.merchant, { expiresAt: undefined }));
    const { expires_at } = await json(response);
    expect(expires_at - nowSeconds()).toBeGreaterThanOrEqual(1799);
    expect(expires_at - nowSeconds()).toBeLessThanOrEqual(1800);
  });

  it("reads urls.completed / urls.cancelled as well as urls.success / urls.cancel", async () => {
    const body = checkoutBody(world.merchant);
    const response = await postCheckout(world.gateway, {
      ...body,
      urls: { completed: "https://shop.example/done", cancelled: "https://shop.example/back" },
    });
    expect(response.status).toBe(200);
    const client = await db();
    const session = await client.checkoutSession.findUniqueOrThrow({ where: { id: (await json(response)).session_id } });
    expect(session).toMatchObject({ successUrl: "https://shop.example/done", cancelUrl: "https://shop.example/back" });
  });
});

describe("POST /opencharge/checkout/create: every check, nothing stored on failure", () => {
  async function refusedWithoutTrace(response: Response, status: number, code: string, before: Awaited<ReturnType<typeof counts>>) {
    const error = await expectRefused(response, status, code);
    expect(await counts()).toEqual(before);
    return error;
  }

  it("401 for an unsigned request", async () => {
    const before = await counts();
    const response = await checkoutCreateRoute(
      request("/opencharge/checkout/create", { method: "POST", body: JSON.stringify(checkoutBody(world.merchant)) }),
      ctx({}),
    );
    await refusedWithoutTrace(response, 401, "INVALID_SIGNATURE", before);
  });

  it("401 for a request whose body changed after the gateway signed it", async () => {
    const before = await counts();
    const signed = signedRequest(world.gateway, "POST", "/opencharge/checkout/create", checkoutBody(world.merchant));
    const tampered = request("/opencharge/checkout/create", {
      method: "POST",
      headers: Object.fromEntries(signed.headers.entries()),
      body: JSON.stringify(checkoutBody(world.merchant, { amount: "0.01" })),
    });
    await refusedWithoutTrace(await checkoutCreateRoute(tampered, ctx({})), 401, "INVALID_SIGNATURE", before);
  });

  it("401 for a request signed by another key than the X-OC-ID's", async () => {
    const before = await counts();
    const body = JSON.stringify(checkoutBody(world.merchant));
    const url = "http://localhost:3999/opencharge/checkout/create";
    const headers = { ...world.otherMerchant.signHeaders("POST", url, body), "X-OC-ID": String(world.gateway.ocid), "content-type": "application/json" };
    const response = await checkoutCreateRoute(request(url, { method: "POST", headers, body }), ctx({}));
    await refusedWithoutTrace(response, 401, "INVALID_SIGNATURE", before);
  });

  it("400 INVALID_ORDER when order.ocid is not merchantOcid", async () => {
    const before = await counts();
    const body = { ...checkoutBody(world.merchant), merchantOcid: world.otherMerchant.ocid };
    await refusedWithoutTrace(await postCheckout(world.gateway, body), 400, "INVALID_ORDER", before);
  });

  it("400 INVALID_SIGNATURE for an order signed by another key, or changed after signing", async () => {
    const before = await counts();
    const forged = checkoutBody(world.merchant);
    forged.signature = world.otherMerchant.signOrder(forged.order);
    await refusedWithoutTrace(await postCheckout(world.gateway, forged), 400, "INVALID_SIGNATURE", before);
    const tampered = checkoutBody(world.merchant);
    tampered.order.amount = "0.01";
    await refusedWithoutTrace(await postCheckout(world.gateway, tampered), 400, "INVALID_SIGNATURE", before);
  });

  it("400 UNKNOWN_OCID for a merchant this gateway does not know (not 401: the caller's own auth is fine)", async () => {
    const before = await counts();
    const body = checkoutBody(world.merchant);
    const stranger = { ...body, order: { ...body.order, ocid: 424242 }, merchantOcid: 424242 };
    const error = await refusedWithoutTrace(await postCheckout(world.gateway, stranger), 400, "UNKNOWN_OCID", before);
    expect(error.details).toEqual({ merchantOcid: 424242 });
  });

  it("400 ORDER_EXPIRED for an expired order", async () => {
    const before = await counts();
    const now = nowSeconds();
    await refusedWithoutTrace(await postCheckout(world.gateway, checkoutBody(world.merchant, { createdAt: now - 100, expiresAt: now - 1 })), 400, "ORDER_EXPIRED", before);
  });

  it("an order that accepts only the calling merchant gateway has a path: we credit that gateway", async () => {
    const response = await postCheckout(world.gateway, checkoutBody(world.merchant, { accepts: [world.gateway.ocid] }));
    expect(response.status).toBe(200);
    // …but not through another gateway the merchant did not name.
    const other = await postCheckout(world.sessionGateway, checkoutBody(world.merchant, { accepts: [world.gateway.ocid] }));
    expect(other.status).toBe(400);
    expect((await json(other)).error.code).toBe("SETTLEMENT_NOT_SUPPORTED");
  });

  it("400 SETTLEMENT_NOT_SUPPORTED when the order accepts no issuer we can reach", async () => {
    const before = await counts();
    await refusedWithoutTrace(await postCheckout(world.gateway, checkoutBody(world.merchant, { accepts: [777] })), 400, "SETTLEMENT_NOT_SUPPORTED", before);
  });

  it.each([
    ["an unknown currency", { currency: "XYZ" }, "UNSUPPORTED_CURRENCY"],
    ["a lower-case currency", { currency: "usd" }, "VALIDATION_ERROR"],
    ["a zero amount", { amount: "0.00" }, "INVALID_AMOUNT"],
    ["an over-precise amount", { amount: "15.001" }, "INVALID_AMOUNT"],
  ])("400 for %s", async (_name, partial, code) => {
    const before = await counts();
    await refusedWithoutTrace(await postCheckout(world.gateway, checkoutBody(world.merchant, partial as never)), 400, code, before);
  });

  it.each([
    ["a javascript: URL", { success: "javascript:alert(document.cookie)", cancel: "https://shop.example/c" }, "urls.success"],
    ["a relative URL", { success: "https://shop.example/s", cancel: "/checkout/cancel" }, "urls.cancel"],
    ["a protocol-relative URL", { success: "//evil.example/s", cancel: "https://shop.example/c" }, "urls.success"],
    ["credentials in the URL", { success: "https://user:secret@shop.example/s", cancel: "https://shop.example/c" }, "urls.success"],
    ["a data: URL", { success: "https://shop.example/s", cancel: "data:text/html,<script>alert(1)</script>" }, "urls.cancel"],
    ["an ftp URL", { success: "ftp://shop.example/s", cancel: "https://shop.example/c" }, "urls.success"],
    ["a scheme without //", { success: "https:shop.example/s", cancel: "https://shop.example/c" }, "urls.success"],
    ["a URL with a space", { success: "https://shop.example/s", cancel: "https://shop.example/a b" }, "urls.cancel"],
    ["a missing cancel URL", { success: "https://shop.example/s" }, "urls.cancel"],
  ])("400 INVALID_REDIRECT_URL for %s", async (_name, urls, field) => {
    const before = await counts();
    const body = { ...checkoutBody(world.merchant), urls };
    const error = await refusedWithoutTrace(await postCheckout(world.gateway, body), 400, "INVALID_REDIRECT_URL", before);
    expect(error.details).toEqual({ field });
  });

  it("accepts http redirect URLs while OPENCHARGE_ALLOW_HTTP=1 (tests, demos)", async () => {
    const body = { ...checkoutBody(world.merchant), urls: { success: "http://127.0.0.1:9/s", cancel: "http://127.0.0.1:9/c" } };
    expect((await postCheckout(world.gateway, body)).status).toBe(200);
  });

  it("400 for malformed JSON, a body without urls, and a non-integer merchantOcid", async () => {
    const before = await counts();
    await refusedWithoutTrace(await postCheckout(world.gateway, "{not json"), 400, "INVALID_JSON", before);
    const { urls: _urls, ...withoutUrls } = checkoutBody(world.merchant);
    await refusedWithoutTrace(await postCheckout(world.gateway, withoutUrls), 400, "VALIDATION_ERROR", before);
    const body = checkoutBody(world.merchant);
    await refusedWithoutTrace(await postCheckout(world.gateway, { ...body, merchantOcid: String(body.merchantOcid) }), 400, "VALIDATION_ERROR", before);
  });
});

describe("one open session per gateway and merchant order", () => {
  it("the same post again returns the same session", async () => {
    const body = checkoutBody(world.merchant);
    const first = await json(await postCheckout(world.gateway, body));
    const before = await counts();
    const again = await postCheckout(world.gateway, body);
    expect(again.status).toBe(200);
    expect(await json(again)).toEqual(first);
    // Key order and whitespace are not content: the same order re-serialised is the same request.
    const reordered = JSON.stringify({ urls: body.urls, merchantOcid: body.merchantOcid, signature: body.signature, order: body.order }, null, 2);
    expect(await json(await postCheckout(world.gateway, reordered))).toEqual(first);
    expect(await counts()).toEqual(before);
  });

  it("ten concurrent identical posts create exactly one session", async () => {
    const body = checkoutBody(world.merchant);
    const before = await counts();
    const responses = await Promise.all(Array.from({ length: 10 }, () => postCheckout(world.gateway, body)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const ids = new Set(await Promise.all(responses.map(async (r) => (await json(r)).session_id as string)));
    expect(ids.size).toBe(1);
    const after = await counts();
    expect(after.checkoutSessions - before.checkoutSessions).toBe(1);
    expect(after.orders - before.orders).toBe(1);
  });

  it("the same order id with other content while open is a 409 CONFLICT naming the open session", async () => {
    const body = checkoutBody(world.merchant);
    const { session_id } = await json(await postCheckout(world.gateway, body));
    const before = await counts();
    const changed = checkoutBody(world.merchant, { id: body.order.id, amount: "16.00" });
    const error = await expectRefused(await postCheckout(world.gateway, changed), 409, "CONFLICT");
    expect(error.details).toEqual({ session_id });
    const otherUrls = { ...body, urls: { ...body.urls, success: "https://shop.example/elsewhere" } };
    await expectRefused(await postCheckout(world.gateway, otherUrls), 409, "CONFLICT");
    expect(await counts()).toEqual(before);
  });

  it("racing posts of two contents: one session, one content wins, the other is refused", async () => {
    const a = checkoutBody(world.merchant);
    const b = checkoutBody(world.merchant, { id: a.order.id, amount: "20.00" });
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => postCheckout(world.gateway, i % 2 ? b : a)));
    const statuses = responses.map((r) => r.status);
    const winners = statuses.filter((s) => s === 200).length;
    expect(winners === 5 && statuses.filter((s) => s === 409).length === 5).toBe(true);
    const client = await db();
    expect(await client.checkoutSession.count({ where: { order: { merchantOrderId: a.order.id } } })).toBe(1);
  });

  it("another gateway posting the same order gets its own session", async () => {
    const body = checkoutBody(world.merchant);
    const mine = await json(await postCheckout(world.gateway, body));
    const theirs = await json(await postCheckout(world.sessionGateway, body));
    expect(theirs.session_id).not.toBe(mine.session_id);
  });

  it("after a cancel or the deadline, the same post opens a new session", async () => {
    const body = checkoutBody(world.merchant);
    const first = await json(await postCheckout(world.gateway, body));
    const cancelled = await cancelRoute(request(`/checkout/${first.session_id}/cancel`), ctx({ id: first.session_id }));
    expect(cancelled.status).toBe(303);
    const second = await json(await postCheckout(world.gateway, body));
    expect(second.session_id).not.toBe(first.session_id);

    const client = await db();
    await client.checkoutSession.update({ where: { id: second.session_id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const third = await json(await postCheckout(world.gateway, body));
    expect(third.session_id).not.toBe(second.session_id);
    const old = await client.checkoutSession.findUniqueOrThrow({ where: { id: second.session_id } });
    expect(old).toMatchObject({ status: "open", openKey: null });
  });

  it("a paid order cannot be checked out again: 409 ORDER_ALREADY_PAID", async () => {
    const user = await makeUserWithToken();
    await topUpUser({ userId: user.id, amount: "20.00", currency: "USD" });
    const body = checkoutBody(world.merchant);
    const { session_id } = await json(await postCheckout(world.gateway, body));
    const paid = await payRoute(
      request(`/api/checkout/${session_id}/pay`, { method: "POST", headers: { authorization: `Bearer ${user.token}` } }),
      ctx({ id: session_id }),
    );
    expect(paid.status).toBe(200);
    await expectRefused(await postCheckout(world.gateway, body), 409, "ORDER_ALREADY_PAID");
    await expectRefused(await postCheckout(world.sessionGateway, body), 409, "ORDER_ALREADY_PAID");
  });

  it("the gateway's own OCID is the order's sender: it is who gets paid", async () => {
    const { session_id } = await json(await postCheckout(world.gateway, checkoutBody(world.merchant)));
    const client = await db();
    const session = await client.checkoutSession.findUniqueOrThrow({ where: { id: session_id }, include: { order: true } });
    expect(session.order.senderOcid).toBe(world.gateway.ocid);
    expect(session.order.senderOcid).not.toBe(GATEWAY_OCID);
  });
});
