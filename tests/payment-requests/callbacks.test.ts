import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deliverDue } from "@/lib/deliveries/deliver-due";
import { generateKeyPair } from "@/lib/opencharge/crypto";
import { expireDuePaymentRequests } from "@/lib/payment-requests/expire-due-payment-requests";
import { signedHeaders } from "@/e2e/simulators/protocol";
import { GATEWAY_OCID, startGatewayMetadataServer } from "@/tests/support/protocol-fixtures";
import { startCallbackReceiver } from "@/tests/payment-requests/support/callback-receiver";
import { backdate, createRequest, makeMerchantWithKey, makePayer, merchantApi, payerApi } from "@/tests/payment-requests/support/fixtures";

let metadata: Awaited<ReturnType<typeof startGatewayMetadataServer>>;
let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;

beforeAll(async () => {
  metadata = await startGatewayMetadataServer();
  receiver = await startCallbackReceiver({ gatewayMetadataUrl: metadata.url, gatewayOcid: GATEWAY_OCID });
});

afterAll(async () => {
  await receiver.close();
  await metadata.close();
});

/** Sends every due delivery now (the worker's round) and returns the calls the receiver got for `id`. */
async function deliverAndCollect(id: string) {
  while ((await deliverDue()) > 0) {
    // drain
  }
  return receiver.calls.filter((call) => (call.body as { id?: string }).id === id);
}

describe("callbacks to callbackUrl", () => {
  it("the receiver refuses a call signed by another key, so its verdicts mean something", async () => {
    const stranger = generateKeyPair();
    const url = `${receiver.url}/forged`;
    const body = JSON.stringify({ id: "pr_forged", status: "DONE" });
    const response = await fetch(url, {
      method: "POST",
      headers: { ...signedHeaders({ ocid: GATEWAY_OCID, privateKey: stranger.privateKey, method: "POST", url, body }), "content-type": "application/json" },
      body,
    });
    expect(response.status).toBe(401);
    expect(receiver.calls.at(-1)).toMatchObject({ isVerified: false, refusal: "X-OC-Signature does not verify" });
  });

  it("calls back, signed, on every status change after creation: paid → DONE", async () => {
    const { key } = await makeMerchantWithKey();
    const payer = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    const request = await createRequest(key, { value: { amount: "2.00", currency: "USD" }, callbackUrl: `${receiver.url}/pos/callbacks?till=7` });
    // Creation is not called back.
    expect(await deliverAndCollect(request.id)).toEqual([]);
    await payerApi.pay(payer.token, request.id);
    const calls = await deliverAndCollect(request.id);
    expect(calls).toEqual([
      { path: "/pos/callbacks?till=7", body: { id: request.id, status: "DONE" }, isVerified: true, senderOcid: String(GATEWAY_OCID) },
    ]);
    const client = await db();
    const deliveries = await client.delivery.findMany({ where: { paymentRequestId: request.id }, include: { attemptLog: true } });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ kind: "payment_request.callback", targetOcid: null, status: "delivered", attempts: 1 });
    expect(deliveries[0]!.attemptLog.map((a) => a.httpStatus)).toEqual([200]);
  });

  it("calls back CANCELLED (merchant cancel and payer decline), EXPIRED (read and sweep), PENDING and FAILED", async () => {
    const { key } = await makeMerchantWithKey();
    const payer = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    const callbackUrl = `${receiver.url}/cb`;
    const body = { value: { amount: "1.00", currency: "USD" }, callbackUrl };

    const cancelled = await createRequest(key, body);
    await merchantApi.cancel(key, cancelled.id);
    const declined = await createRequest(key, { ...body, payer: payer.handle });
    await payerApi.decline(payer.token, declined.id);
    const readExpired = await createRequest(key, body);
    await backdate(readExpired.id, { expiresAt: new Date(Date.now() - 1) });
    await merchantApi.get(key, readExpired.id);
    const sweptExpired = await createRequest(key, body);
    await backdate(sweptExpired.id, { expiresAt: new Date(Date.now() - 1) });
    await expireDuePaymentRequests();
    const held = await createRequest(key, { ...body, capture: "manual" });
    await payerApi.pay(payer.token, held.id);
    await backdate(held.id, { holdExpiresAt: new Date(Date.now() - 1) });
    await expireDuePaymentRequests();

    const statuses = async (id: string) => (await deliverAndCollect(id)).map((c) => (c.isVerified ? (c.body as { status: string }).status : "UNVERIFIED"));
    expect(await statuses(cancelled.id)).toEqual(["CANCELLED"]);
    expect(await statuses(declined.id)).toEqual(["CANCELLED"]);
    expect(await statuses(readExpired.id)).toEqual(["EXPIRED"]);
    expect(await statuses(sweptExpired.id)).toEqual(["EXPIRED"]);
    expect((await statuses(held.id)).sort()).toEqual(["FAILED", "PENDING"]);
    // One callback per log entry but the first.
    for (const id of [cancelled.id, declined.id, readExpired.id, sweptExpired.id, held.id]) {
      const log = (await merchantApi.get(key, id)).body.log;
      const client = await db();
      expect(await client.delivery.count({ where: { paymentRequestId: id } })).toBe(log.length - 1);
    }
  });

  it("calls back the lifecycle: capture (DONE), release (FAILED), parts and accept (INCOMPLETE, ACCEPTED), refunds (REFUND, REFUNDED), cancel of a split payment", async () => {
    const { key } = await makeMerchantWithKey();
    const payer = await makePayer({ topUp: { amount: "20.00", currency: "USD" } });
    const callbackUrl = `${receiver.url}/cb`;
    const body = { value: { amount: "2.00", currency: "USD" }, callbackUrl };

    const captured = await createRequest(key, { ...body, capture: "manual" });
    await payerApi.pay(payer.token, captured.id);
    await merchantApi.capture(key, captured.id);
    await merchantApi.refund(key, captured.id, { amount: "0.50", externalRef: "a" });
    await merchantApi.refund(key, captured.id, { amount: "1.50", externalRef: "b" });
    const released = await createRequest(key, { ...body, capture: "manual" });
    await payerApi.pay(payer.token, released.id);
    await merchantApi.release(key, released.id);
    const accepted = await createRequest(key, { ...body, partialAllowed: true });
    await payerApi.pay(payer.token, accepted.id, { amount: "1.00" });
    await merchantApi.accept(key, accepted.id);
    const cancelled = await createRequest(key, { ...body, partialAllowed: true });
    await payerApi.pay(payer.token, cancelled.id, { amount: "1.00" });
    await merchantApi.cancel(key, cancelled.id);

    const statuses = async (id: string) => (await deliverAndCollect(id)).map((c) => (c.isVerified ? (c.body as { status: string }).status : "UNVERIFIED"));
    // Due callbacks go out side by side, so their arrival order is not promised (receivers re-read the request).
    expect((await statuses(captured.id)).sort()).toEqual(["DONE", "PENDING", "REFUND", "REFUNDED"]);
    expect((await statuses(released.id)).sort()).toEqual(["FAILED", "PENDING"]);
    expect((await statuses(accepted.id)).sort()).toEqual(["ACCEPTED", "INCOMPLETE"]);
    expect((await statuses(cancelled.id)).sort()).toEqual(["CANCELLED", "INCOMPLETE"]);
  });

  it("retries a callback the receiver did not take, through the same outbox", async () => {
    const { key } = await makeMerchantWithKey();
    const request = await createRequest(key, { callbackUrl: `${receiver.url}/flaky` });
    receiver.answerWith(500);
    try {
      await merchantApi.cancel(key, request.id);
      await deliverDue();
      const client = await db();
      const pending = await client.delivery.findFirstOrThrow({ where: { paymentRequestId: request.id } });
      expect(pending).toMatchObject({ status: "pending", attempts: 1, lastError: "HTTP 500" });
      receiver.answerWith(200);
      await deliverDue({ now: new Date(Date.now() + 60_000) });
      expect((await client.delivery.findFirstOrThrow({ where: { paymentRequestId: request.id } })).status).toBe("delivered");
      const calls = receiver.calls.filter((c) => (c.body as { id?: string }).id === request.id);
      expect(calls.map((c) => [c.isVerified, (c.body as { status: string }).status])).toEqual([
        [true, "CANCELLED"],
        [true, "CANCELLED"],
      ]);
    } finally {
      receiver.answerWith(200);
    }
  });
});
