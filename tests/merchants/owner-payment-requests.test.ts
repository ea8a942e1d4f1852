/**
 * The owner-session routes the merchant pages use (/merchant/{id}, /merchant/{id}/pos): payment requests
 * and callback deliveries of the owner's merchant, with the browser session (or a personal access token),
 * never with an mk_ key; another user's merchant, request or delivery is 404 like a missing one.
 */
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import * as collection from "@/app/api/merchants/[id]/payment-requests/route";
import * as one from "@/app/api/merchants/[id]/payment-requests/[prId]/route";
import * as cancel from "@/app/api/merchants/[id]/payment-requests/[prId]/cancel/route";
import * as capture from "@/app/api/merchants/[id]/payment-requests/[prId]/capture/route";
import * as release from "@/app/api/merchants/[id]/payment-requests/[prId]/release/route";
import * as accept from "@/app/api/merchants/[id]/payment-requests/[prId]/accept/route";
import * as refunds from "@/app/api/merchants/[id]/payment-requests/[prId]/refunds/route";
import * as deliveries from "@/app/api/merchants/[id]/deliveries/route";
import * as redeliver from "@/app/api/merchants/[id]/deliveries/[deliveryId]/redeliver/route";
import { db } from "@/lib/db";
import { sessionCookie } from "@/tests/support/merchant-factories";
import { APP, makeMerchantWithKey, makePayer, payerApi } from "@/tests/payment-requests/support/fixtures";

type Headers = Record<string, string>;

function build(method: "GET" | "POST", path: string, headers: Headers, body?: unknown) {
  return new NextRequest(new URL(path, APP), {
    method,
    headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function answer(response: Response) {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const ctx = (values: Record<string, string>) => ({ params: Promise.resolve(values) });

const owner = {
  create: async (headers: Headers, id: string, body: unknown) =>
    answer(await collection.POST(build("POST", `/api/merchants/${id}/payment-requests`, headers, body), ctx({ id }))),
  list: async (headers: Headers, id: string, query = "") =>
    answer(await collection.GET(build("GET", `/api/merchants/${id}/payment-requests${query}`, headers), ctx({ id }))),
  get: async (headers: Headers, id: string, prId: string) =>
    answer(await one.GET(build("GET", `/api/merchants/${id}/payment-requests/${prId}`, headers), ctx({ id, prId }))),
  cancel: async (headers: Headers, id: string, prId: string) =>
    answer(await cancel.POST(build("POST", `/api/merchants/${id}/payment-requests/${prId}/cancel`, headers), ctx({ id, prId }))),
  capture: async (headers: Headers, id: string, prId: string) =>
    answer(await capture.POST(build("POST", `/api/merchants/${id}/payment-requests/${prId}/capture`, headers), ctx({ id, prId }))),
  release: async (headers: Headers, id: string, prId: string, body?: unknown) =>
    answer(await release.POST(build("POST", `/api/merchants/${id}/payment-requests/${prId}/release`, headers, body), ctx({ id, prId }))),
  accept: async (headers: Headers, id: string, prId: string) =>
    answer(await accept.POST(build("POST", `/api/merchants/${id}/payment-requests/${prId}/accept`, headers), ctx({ id, prId }))),
  refund: async (headers: Headers, id: string, prId: string, body: unknown) =>
    answer(await refunds.POST(build("POST", `/api/merchants/${id}/payment-requests/${prId}/refunds`, headers, body), ctx({ id, prId }))),
  deliveries: async (headers: Headers, id: string, query = "") =>
    answer(await deliveries.GET(build("GET", `/api/merchants/${id}/deliveries${query}`, headers), ctx({ id }))),
  redeliver: async (headers: Headers, id: string, deliveryId: string) =>
    answer(await redeliver.POST(build("POST", `/api/merchants/${id}/deliveries/${deliveryId}/redeliver`, headers), ctx({ id, deliveryId }))),
};

const value = { amount: "4.20", currency: "USD" };

describe("owner-session payment request routes", () => {
  it("creates, reads, lists and cancels the owner's requests with the browser session", async () => {
    const { owner: user, merchant } = await makeMerchantWithKey();
    const session = await sessionCookie(user.id);
    const created = await owner.create(session, merchant.id, { value, description: "Two coffees" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^pr_/),
      url: `${APP}/pay/${created.body.id}`,
      merchant: { id: merchant.id, name: merchant.name, handle: merchant.handle },
      value,
      status: "CREATED",
      description: "Two coffees",
    });

    const read = await owner.get(session, merchant.id, created.body.id);
    expect(read).toMatchObject({ status: 200, body: { id: created.body.id, status: "CREATED", log: [{ status: "CREATED" }] } });
    const listed = await owner.list(session, merchant.id, "?status=CREATED");
    expect(listed.status).toBe(200);
    expect(listed.body.requests.map((r: { id: string }) => r.id)).toEqual([created.body.id]);

    const cancelled = await owner.cancel(session, merchant.id, created.body.id);
    expect(cancelled).toMatchObject({ status: 200, body: { status: "CANCELLED", statusReason: "Cancelled by the merchant." } });
    expect((await owner.cancel(session, merchant.id, created.body.id)).body.error.code).toBe("INVALID_STATE");
  });

  it("sees a payment at once: the POS's poll reads DONE with the amount paid", async () => {
    const { owner: user, merchant } = await makeMerchantWithKey();
    const session = await sessionCookie(user.id);
    const payer = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    const created = await owner.create(session, merchant.id, { value });
    expect((await payerApi.pay(payer.token, created.body.id)).status).toBe(200);
    const read = await owner.get(session, merchant.id, created.body.id);
    expect(read.body).toMatchObject({ status: "DONE", amountPaid: "4.20", amountDue: "0.00", related: [{ type: "payment", amount: "4.20" }] });
    expect(read.body.log.map((e: { status: string }) => e.status)).toEqual(["CREATED", "DONE"]);
  });

  it("captures, releases, accepts and refunds with the browser session; another owner gets 404 and changes nothing", async () => {
    const { owner: user, merchant } = await makeMerchantWithKey();
    const { owner: stranger } = await makeMerchantWithKey();
    const session = await sessionCookie(user.id);
    const strangerSession = await sessionCookie(stranger.id);
    const payer = await makePayer({ topUp: { amount: "30.00", currency: "USD" } });

    const toCapture = await owner.create(session, merchant.id, { value, capture: "manual" });
    await payerApi.pay(payer.token, toCapture.body.id);
    expect((await owner.capture(strangerSession, merchant.id, toCapture.body.id)).status).toBe(404);
    expect((await owner.refund(strangerSession, merchant.id, toCapture.body.id, { amount: "1.00", externalRef: "x" })).status).toBe(404);
    expect((await owner.get(session, merchant.id, toCapture.body.id)).body.status).toBe("PENDING");
    expect((await owner.capture(session, merchant.id, toCapture.body.id)).body).toMatchObject({ status: "DONE", amountPaid: "4.20" });
    const refund = await owner.refund(session, merchant.id, toCapture.body.id, { amount: "1.20", externalRef: "dash-1" });
    expect(refund).toMatchObject({ status: 201, body: { amount: "1.20", status: "REFUND" } });
    expect((await owner.refund(session, merchant.id, toCapture.body.id, { amount: "1.20", externalRef: "dash-1" })).status).toBe(200);

    const toRelease = await owner.create(session, merchant.id, { value, capture: "manual" });
    await payerApi.pay(payer.token, toRelease.body.id);
    expect((await owner.release(strangerSession, merchant.id, toRelease.body.id)).status).toBe(404);
    expect((await owner.release(session, merchant.id, toRelease.body.id, { reason: "no show" })).body).toMatchObject({ status: "FAILED" });

    const split = await owner.create(session, merchant.id, { value, partialAllowed: true });
    await payerApi.pay(payer.token, split.body.id, { amount: "1.00" });
    expect((await owner.accept(strangerSession, merchant.id, split.body.id)).status).toBe(404);
    expect((await owner.accept(session, merchant.id, split.body.id)).body).toMatchObject({ status: "ACCEPTED", amountPaid: "1.00" });
    // 30.00 − 4.20 + 1.20 (refund) − 1.00 (part); the released 4.20 came back.
    const client = await db();
    const account = await client.ledgerAccount.findFirst({ where: { type: "user", userId: payer.id, currency: "USD" } });
    expect(account?.balance).toBe(2600n);
  });

  it("answers another user's merchant, and another merchant's request, with 404 and changes nothing", async () => {
    const { merchant } = await makeMerchantWithKey();
    const { owner: stranger, merchant: strangersMerchant } = await makeMerchantWithKey();
    const { owner: user } = await makeMerchantWithKey();
    const usersMerchant = await (await db()).merchant.findFirstOrThrow({ where: { ownerId: user.id } });
    const mine = await owner.create(await sessionCookie(user.id), usersMerchant.id, { value });
    expect(mine.status).toBe(201);
    const session = await sessionCookie(stranger.id);
    const client = await db();
    const before = await client.paymentRequest.count();
    for (const result of [
      await owner.create(session, merchant.id, { value }),
      await owner.list(session, merchant.id),
      await owner.get(session, merchant.id, mine.body.id),
      await owner.get(session, strangersMerchant.id, mine.body.id),
      await owner.cancel(session, strangersMerchant.id, mine.body.id),
      await owner.deliveries(session, merchant.id),
      await owner.deliveries(session, strangersMerchant.id, `?paymentRequestId=${mine.body.id}`),
    ]) {
      expect(result.status).toBe(404);
      expect(result.body.error.code).toBe("NOT_FOUND");
    }
    expect(await client.paymentRequest.count()).toBe(before);
    expect((await owner.get(await sessionCookie(user.id), mine.body.merchant.id, mine.body.id)).body.status).toBe("CREATED");
  });

  it("refuses a merchant API key (401) and no credentials (401): a till's key never acts as the owner", async () => {
    const { merchant, key } = await makeMerchantWithKey();
    expect((await owner.create({ authorization: `Bearer ${key}` }, merchant.id, { value })).status).toBe(401);
    expect((await owner.list({}, merchant.id)).status).toBe(401);
  });

  it("refuses a cross-site request with the session cookie (403)", async () => {
    const { owner: user, merchant } = await makeMerchantWithKey();
    const result = await owner.create({ ...(await sessionCookie(user.id)), origin: "https://evil.example" }, merchant.id, { value });
    expect(result.status).toBe(403);
  });

  it("validates the body like the merchant endpoint (400, nothing stored)", async () => {
    const { owner: user, merchant } = await makeMerchantWithKey();
    const session = await sessionCookie(user.id);
    expect((await owner.create(session, merchant.id, { value: { amount: "0", currency: "USD" } })).body.error.code).toBe("INVALID_AMOUNT");
    expect((await owner.create(session, merchant.id, { value: { amount: "1.00", currency: "XXX" } })).status).toBe(400);
    expect((await owner.create(session, merchant.id, { expirySeconds: 5 })).body.error.code).toBe("VALIDATION_ERROR");
    expect((await owner.list(session, merchant.id)).body.requests).toEqual([]);
  });

  it("lists callback deliveries with every attempt, and redelivers one of the owner's (another's is 404)", async () => {
    const { owner: user, merchant } = await makeMerchantWithKey();
    const session = await sessionCookie(user.id);
    // Port 9 on loopback: nothing listens, so every attempt fails and the delivery stays retryable.
    const created = await owner.create(session, merchant.id, { value, callbackUrl: "http://127.0.0.1:9/callbacks" });
    expect((await owner.cancel(session, merchant.id, created.body.id)).status).toBe(200);

    const listed = await owner.deliveries(session, merchant.id);
    expect(listed.status).toBe(200);
    expect(listed.body.deliveries).toHaveLength(1);
    const delivery = listed.body.deliveries[0];
    expect(delivery).toMatchObject({
      paymentRequestId: created.body.id,
      url: "http://127.0.0.1:9/callbacks",
      body: JSON.stringify({ id: created.body.id, status: "CANCELLED" }),
      status: "pending",
      attempts: [],
    });
    expect((await owner.deliveries(session, merchant.id, `?paymentRequestId=${created.body.id}`)).body.deliveries).toHaveLength(1);

    const { owner: stranger, merchant: strangersMerchant } = await makeMerchantWithKey();
    expect((await owner.redeliver(await sessionCookie(stranger.id), strangersMerchant.id, delivery.id)).status).toBe(404);
    expect((await owner.redeliver(await sessionCookie(stranger.id), merchant.id, delivery.id)).status).toBe(404);

    const redelivered = await owner.redeliver(session, merchant.id, delivery.id);
    expect(redelivered.status).toBe(200);
    expect(redelivered.body).toMatchObject({ id: delivery.id, status: "pending", requests: 1 });
    const after = (await owner.deliveries(session, merchant.id)).body.deliveries[0];
    expect(after.attempts).toHaveLength(1);
    expect(after.attempts[0]).toMatchObject({ url: "http://127.0.0.1:9/callbacks", httpStatus: null, error: expect.any(String) });
  });
});
