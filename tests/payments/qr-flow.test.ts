import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as createSessionRoute } from "@/app/api/wallet/sessions/route";
import { GET as getSessionRoute } from "@/app/api/wallet/sessions/[sessionId]/route";
import { POST as confirmRoute } from "@/app/api/wallet/sessions/[sessionId]/confirm/route";
import { POST as declineRoute } from "@/app/api/wallet/sessions/[sessionId]/decline/route";
import { POST as orderCreateRoute } from "@/app/opencharge/orders/create/[sessionId]/route";
import { GET as receiptRoute } from "@/app/api/wallet/receipts/[txid]/route";
import { GET as transactionsRoute } from "@/app/api/wallet/transactions/route";
import { GET as orderStatusRoute } from "@/app/opencharge/orders/[orderId]/status/route";
import { db } from "@/lib/db";
import { deliverDue } from "@/lib/deliveries/deliver-due";
import { checkLedger } from "@/lib/ledger/check-ledger";
import { createPaySession } from "@/lib/pay-sessions/create-pay-session";
import { topUpUser } from "@/lib/wallet/top-up-user";
import { json, makeUserWithToken, paymentCounts, request } from "@/tests/support/factories";
import { NextRequest } from "next/server";
import {
  APP,
  GATEWAY_OCID,
  signedRequest,
  startMerchantWorld,
  type SimulatedCounterparty,
} from "@/tests/support/protocol-fixtures";

let world: Awaited<ReturnType<typeof startMerchantWorld>>;
let merchant: SimulatedCounterparty;
let otherMerchant: SimulatedCounterparty;

beforeAll(async () => {
  world = await startMerchantWorld(2);
  [merchant, otherMerchant] = world.merchants as [SimulatedCounterparty, SimulatedCounterparty];
});

afterAll(() => world.close());

beforeEach(() => {
  merchant.setWebhookBehaviour("ok");
});

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });

async function newSession(token: string) {
  const response = await createSessionRoute(request("/api/wallet/sessions", { method: "POST", ...bearer(token) }), ctx({}));
  expect(response.status).toBe(201);
  return (await json(response)) as { sessionId: string; qrPayload: { ocid: number; order: string; expiresAt: number }; expiresAt: number };
}

function postOrder(sessionId: string, body: unknown, sender: SimulatedCounterparty = merchant) {
  return orderCreateRoute(signedRequest(sender, "POST", `/opencharge/orders/create/${sessionId}`, body), ctx({ sessionId }));
}

function signedOrder(partial: Parameters<SimulatedCounterparty["buildOrder"]>[0] = {}, by: SimulatedCounterparty = merchant) {
  const order = by.buildOrder({ items: [{ id: "item_001", name: "Large Coffee", quantity: 2, price: "5.00" }], amount: "10.00", memo: "Table 4", ...partial });
  return { order, signature: by.signOrder(order), urls: { order: [`${by.url}/orders/${order.id}`], completed: `${by.url}/done`, cancelled: `${by.url}/cancelled` } };
}

const confirm = (sessionId: string, token: string) =>
  confirmRoute(request(`/api/wallet/sessions/${sessionId}/confirm`, { method: "POST", ...bearer(token) }), ctx({ sessionId }));
const getSession = (sessionId: string, token: string) =>
  getSessionRoute(request(`/api/wallet/sessions/${sessionId}`, bearer(token)), ctx({ sessionId }));

const counts = paymentCounts;

describe("the QR flow end to end (in process)", () => {
  it("creates a session, takes the merchant's order, pays it and delivers a verified proof", async () => {
    const user = await makeUserWithToken();
    await topUpUser({ userId: user.id, amount: "25.00", currency: "USD" });
    const session = await newSession(user.token);
    expect(session.sessionId).toMatch(/^[0-9a-f]{40}$/);
    expect(session.qrPayload).toEqual({
      ocid: GATEWAY_OCID,
      order: `http://localhost:3999/opencharge/orders/create/${session.sessionId}`,
      expiresAt: session.expiresAt,
    });
    expect(session.expiresAt - Date.now() / 1000).toBeGreaterThan(295);
    expect((await json(await getSession(session.sessionId, user.token))).status).toBe("pending");

    const body = signedOrder();
    const intake = await postOrder(session.sessionId, body);
    expect(intake.status).toBe(200);
    expect(await json(intake)).toEqual({ urls: { status: `http://localhost:3999/opencharge/orders/${body.order.id}/status` } });
    expect(intake.headers.get("x-oc-signature")).toMatch(/^[0-9a-f]{130}$/);

    const received = await json(await getSession(session.sessionId, user.token));
    expect(received).toMatchObject({
      status: "order_received",
      order: { id: body.order.id, amount: "10.00", currency: "USD", memo: "Table 4", items: [{ name: "Large Coffee", quantity: 2, price: "5.00" }] },
      merchant: { ocid: merchant.ocid, name: `Simulated Merchant ${merchant.ocid}` },
      urls: { completed: `${merchant.url}/done` },
    });

    const confirmed = await confirm(session.sessionId, user.token);
    expect(confirmed.status).toBe(200);
    const { status, txid } = await json(confirmed);
    expect(status).toBe("completed");
    expect(txid).toMatch(/^oc_[0-9a-f]{32}$/);
    expect(await json(await getSession(session.sessionId, user.token))).toMatchObject({ status: "completed", txid });

    const client = await db();
    const wallet = await client.ledgerAccount.findFirstOrThrow({ where: { owner: `user:${user.id}` } });
    expect(wallet.balance).toBe(1500n);
    const payee = await client.ledgerAccount.findFirstOrThrow({ where: { owner: `ocid:${merchant.ocid}`, currency: "USD" } });
    expect(payee.balance).toBe(1000n);
    expect((await checkLedger()).problems).toEqual([]);

    expect(await deliverDue()).toBe(1);
    const delivered = merchant.proofs.at(-1)!;
    expect(delivered).toMatchObject({ outcome: "accepted", status: 200, senderOcid: String(GATEWAY_OCID) });
    expect(delivered.proof).toMatchObject({
      txid,
      issuer: GATEWAY_OCID,
      from: { ocid: GATEWAY_OCID },
      to: { ocid: merchant.ocid, reference: body.order.id },
      amount: "10.00",
      currency: "USD",
    });
    const delivery = await client.delivery.findFirstOrThrow({ where: { proofTxid: txid }, include: { attemptLog: true } });
    expect(delivery).toMatchObject({ status: "delivered", outcome: "accepted", attempts: 1 });
    expect(delivery.attemptLog).toHaveLength(1);
    expect(delivery.attemptLog[0]).toMatchObject({ httpStatus: 200, url: `${merchant.endpoint}/transfer/webhook` });

    const statusResponse = await orderStatusRoute(request(`/opencharge/orders/${body.order.id}/status`), ctx({ orderId: body.order.id }));
    expect(await json(statusResponse)).toEqual({ orderId: body.order.id, status: "paid", paidAt: expect.any(Number), txid });

    // The payment is in the history with its receipt, which only the payer can read.
    const history = await json(await transactionsRoute(request("/api/wallet/transactions", bearer(user.token)), ctx({})));
    expect(history.transactions[0]).toMatchObject({ kind: "payment", amount: "-10.00", description: `Payment to Simulated Merchant ${merchant.ocid}`, txid });
    expect(history.transactions[1].txid).toBeUndefined(); // the top-up
    const receipt = await receiptRoute(request(`/api/wallet/receipts/${txid}`, bearer(user.token)), ctx({ txid }));
    expect(await json(receipt)).toMatchObject({
      txid,
      merchant: { ocid: merchant.ocid },
      order: { id: body.order.id, amount: "10.00", items: [{ name: "Large Coffee" }] },
    });
    const stranger = await makeUserWithToken();
    const hidden = await receiptRoute(request(`/api/wallet/receipts/${txid}`, bearer(stranger.token)), ctx({ txid }));
    expect(hidden.status).toBe(404);
  });
});

describe("POST /opencharge/orders/create/{sessionId}: every check, nothing stored on failure", () => {
  let user: Awaited<ReturnType<typeof makeUserWithToken>>;
  beforeAll(async () => {
    user = await makeUserWithToken();
  });

  async function expectRefused(response: Response, status: number, code: string, sessionId?: string) {
    expect(response.status).toBe(status);
    expect((await json(response)).error).toMatchObject({ code, message: expect.any(String) });
    if (sessionId) {
      const client = await db();
      expect((await client.paySession.findUniqueOrThrow({ where: { id: sessionId } })).status).toBe("pending");
    }
  }

  it("401 for an unsigned request", async () => {
    const { sessionId } = await newSession(user.token);
    const before = await counts();
    const response = await orderCreateRoute(request(`/opencharge/orders/create/${sessionId}`, { method: "POST", body: JSON.stringify(signedOrder()) }), ctx({ sessionId }));
    expect(response.status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it("404 SESSION_NOT_FOUND for an unknown session", async () => {
    await expectRefused(await postOrder("f".repeat(40), signedOrder()), 404, "SESSION_NOT_FOUND");
  });

  it("404 SESSION_EXPIRED for an expired session", async () => {
    const { sessionId } = await createPaySession({ userId: user.id, now: new Date(Date.now() - 301_000) });
    const before = await counts();
    await expectRefused(await postOrder(sessionId, signedOrder()), 404, "SESSION_EXPIRED", sessionId);
    expect(await counts()).toEqual(before);
  });

  it("410 SESSION_USED for a session that already has an order", async () => {
    const { sessionId } = await newSession(user.token);
    expect((await postOrder(sessionId, signedOrder())).status).toBe(200);
    const before = await counts();
    const second = await postOrder(sessionId, signedOrder());
    expect(second.status).toBe(410);
    expect((await json(second)).error.code).toBe("SESSION_USED");
    expect(await counts()).toEqual(before);
  });

  it("400 INVALID_ORDER when order.ocid is not the sender's OCID", async () => {
    const { sessionId } = await newSession(user.token);
    const body = signedOrder({}, otherMerchant); // signed by the other merchant, sent by merchant
    await expectRefused(await postOrder(sessionId, body, merchant), 400, "INVALID_ORDER", sessionId);
  });

  it("400 INVALID_SIGNATURE for an order signed by another key or changed after signing", async () => {
    const { sessionId } = await newSession(user.token);
    const forged = signedOrder();
    forged.signature = otherMerchant.signOrder(forged.order);
    await expectRefused(await postOrder(sessionId, forged), 400, "INVALID_SIGNATURE", sessionId);
    const tampered = signedOrder();
    tampered.order.amount = "0.01";
    await expectRefused(await postOrder(sessionId, tampered), 400, "INVALID_SIGNATURE", sessionId);
  });

  it("400 ORDER_EXPIRED for an expired order", async () => {
    const { sessionId } = await newSession(user.token);
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await postOrder(sessionId, signedOrder({ createdAt: now - 100, expiresAt: now - 1 })), 400, "ORDER_EXPIRED", sessionId);
  });

  it("400 SETTLEMENT_NOT_SUPPORTED when the order accepts no issuer we can reach", async () => {
    const { sessionId } = await newSession(user.token);
    await expectRefused(await postOrder(sessionId, signedOrder({ accepts: [777, 778] })), 400, "SETTLEMENT_NOT_SUPPORTED", sessionId);
  });

  it.each([
    ["a negative amount", { amount: "-10.00" }, "INVALID_AMOUNT"],
    ["a non-numeric amount", { amount: "ten" }, "INVALID_AMOUNT"],
    ["an over-precise amount", { amount: "10.001" }, "INVALID_AMOUNT"],
    ["a zero amount", { amount: "0.00" }, "INVALID_AMOUNT"],
    ["an unknown currency", { currency: "XYZ" }, "UNSUPPORTED_CURRENCY"],
    ["a lower-case currency", { currency: "usd" }, "VALIDATION_ERROR"],
    ["an expiresAt past the year 9999", { expiresAt: 9e12 }, "VALIDATION_ERROR"],
    ["a createdAt past the year 9999", { createdAt: 1e15 }, "VALIDATION_ERROR"],
  ])("400 for %s", async (_name, partial, code) => {
    const { sessionId } = await newSession(user.token);
    const before = await counts();
    await expectRefused(await postOrder(sessionId, signedOrder(partial as never)), 400, code, sessionId);
    expect(await counts()).toEqual(before);
  });

  it("400 for 10,000 items and for a 1 MB memo", async () => {
    const { sessionId } = await newSession(user.token);
    const items = Array.from({ length: 10_000 }, (_, i) => ({ id: `i${i}`, name: "x", quantity: 1, price: "0.01" }));
    await expectRefused(await postOrder(sessionId, signedOrder({ items, amount: "100.00" })), 400, "VALIDATION_ERROR", sessionId);
    await expectRefused(await postOrder(sessionId, signedOrder({ memo: "m".repeat(1024 * 1024) })), 400, "VALIDATION_ERROR", sessionId);
  });

  it("400 for malformed JSON and for a body without an order", async () => {
    const { sessionId } = await newSession(user.token);
    await expectRefused(await postOrder(sessionId, "{not json"), 400, "INVALID_JSON", sessionId);
    await expectRefused(await postOrder(sessionId, { signature: "ab".repeat(65) }), 400, "VALIDATION_ERROR", sessionId);
  });

  /** The same signed request (same X-OC-Nonce) as often as needed: a request body can be read once. */
  function replayable(sessionId: string, body: unknown) {
    const url = `${APP}/opencharge/orders/create/${sessionId}`;
    const text = typeof body === "string" ? body : JSON.stringify(body);
    const headers = { ...merchant.signHeaders("POST", url, text), "content-type": "application/json" };
    return () => orderCreateRoute(new NextRequest(url, { method: "POST", headers, body: text }), ctx({ sessionId }));
  }

  it("a request is spent once answered, accepted or refused: its replay is 401 NONCE_REUSED", async () => {
    const { sessionId } = await newSession(user.token);
    const accepted = replayable(sessionId, signedOrder());
    expect((await accepted()).status).toBe(200);
    await expectRefused(await accepted(), 401, "NONCE_REUSED");

    const unknownSession = replayable("e".repeat(40), signedOrder());
    await expectRefused(await unknownSession(), 404, "SESSION_NOT_FOUND");
    await expectRefused(await unknownSession(), 401, "NONCE_REUSED");

    const { sessionId: open } = await newSession(user.token);
    const malformed = replayable(open, "{not json");
    await expectRefused(await malformed(), 400, "INVALID_JSON", open);
    await expectRefused(await malformed(), 401, "NONCE_REUSED", open);
  });

  it("a replay racing its original: one 200, the other 401 NONCE_REUSED, one order", async () => {
    const { sessionId } = await newSession(user.token);
    const before = await counts();
    const send = replayable(sessionId, signedOrder());
    const statuses = (await Promise.all([send(), send(), send()])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 401, 401]);
    expect((await counts()).orders - before.orders).toBe(1);
  });

  it("merchants racing on one session: exactly one 200, the others 410", async () => {
    const { sessionId } = await newSession(user.token);
    const before = await counts();
    const senders = Array.from({ length: 10 }, (_, i) => (i % 2 ? otherMerchant : merchant));
    const results = await Promise.all(senders.map((sender) => postOrder(sessionId, signedOrder({}, sender), sender)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 410)).toHaveLength(9);
    expect((await counts()).orders - before.orders).toBe(1);
    const client = await db();
    expect(await client.paySession.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({ status: "order_received" });
  });
});

describe("confirm and decline", () => {
  async function sessionWithOrder(token: string, partial: Parameters<SimulatedCounterparty["buildOrder"]>[0] = {}) {
    const { sessionId } = await newSession(token);
    const body = signedOrder(partial);
    expect((await postOrder(sessionId, body)).status).toBe(200);
    return { sessionId, body };
  }

  it("twenty concurrent confirms of one session: exactly one debit and one proof", async () => {
    const user = await makeUserWithToken();
    await topUpUser({ userId: user.id, amount: "100.00", currency: "USD" });
    const { sessionId } = await sessionWithOrder(user.token);
    const before = await counts();
    const results = await Promise.all(Array.from({ length: 20 }, () => confirm(sessionId, user.token)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const after = await counts();
    expect(after.postings - before.postings).toBe(1);
    expect(after.proofs - before.proofs).toBe(1);
    expect(after.deliveries - before.deliveries).toBe(1);
    const client = await db();
    expect((await client.ledgerAccount.findFirstOrThrow({ where: { owner: `user:${user.id}` } })).balance).toBe(9000n);
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("insufficient funds: a clear error, nothing debited, payable after a top-up", async () => {
    const user = await makeUserWithToken();
    await topUpUser({ userId: user.id, amount: "4.00", currency: "USD" });
    const { sessionId } = await sessionWithOrder(user.token);
    const before = await counts();
    const refused = await confirm(sessionId, user.token);
    expect(refused.status).toBe(402);
    expect((await json(refused)).error).toMatchObject({ code: "INSUFFICIENT_FUNDS", details: { missing: "6.00", currency: "USD" } });
    expect(await counts()).toEqual(before);
    expect((await json(await getSession(sessionId, user.token))).status).toBe("order_received");

    await topUpUser({ userId: user.id, amount: "6.00", currency: "USD" });
    const paid = await confirm(sessionId, user.token);
    expect(paid.status).toBe(200);
    const client = await db();
    expect((await client.ledgerAccount.findFirstOrThrow({ where: { owner: `user:${user.id}` } })).balance).toBe(0n);
  });

  it("another user can neither see nor confirm nor decline the session (404)", async () => {
    const owner = await makeUserWithToken();
    const intruder = await makeUserWithToken();
    await topUpUser({ userId: intruder.id, amount: "50.00", currency: "USD" });
    const { sessionId } = await sessionWithOrder(owner.token);
    for (const response of [
      await getSession(sessionId, intruder.token),
      await confirm(sessionId, intruder.token),
      await declineRoute(request(`/api/wallet/sessions/${sessionId}/decline`, { method: "POST", ...bearer(intruder.token) }), ctx({ sessionId })),
    ]) {
      expect(response.status).toBe(404);
      expect((await json(response)).error.code).toBe("SESSION_NOT_FOUND");
    }
    expect((await json(await getSession(sessionId, owner.token))).status).toBe("order_received");
  });

  it("decline cancels the order; confirming afterwards is a 409", async () => {
    const user = await makeUserWithToken();
    await topUpUser({ userId: user.id, amount: "50.00", currency: "USD" });
    const { sessionId, body } = await sessionWithOrder(user.token);
    const declined = await declineRoute(request(`/api/wallet/sessions/${sessionId}/decline`, { method: "POST", ...bearer(user.token) }), ctx({ sessionId }));
    expect(await json(declined)).toEqual({ status: "declined" });
    const refused = await confirm(sessionId, user.token);
    expect(refused.status).toBe(409);
    expect((await json(refused)).error).toMatchObject({ code: "INVALID_STATE", details: { status: "declined" } });
    const status = await orderStatusRoute(request(`/opencharge/orders/${body.order.id}/status`), ctx({ orderId: body.order.id }));
    expect(await json(status)).toEqual({ orderId: body.order.id, status: "cancelled" });
  });

  it("confirming after the order expired is a 409 and nothing moves", async () => {
    const user = await makeUserWithToken();
    await topUpUser({ userId: user.id, amount: "50.00", currency: "USD" });
    const { sessionId } = await sessionWithOrder(user.token);
    const client = await db();
    const session = await client.paySession.findUniqueOrThrow({ where: { id: sessionId } });
    await client.paymentOrder.update({ where: { id: session.orderId! }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const before = await counts();
    const refused = await confirm(sessionId, user.token);
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.details).toEqual({ status: "expired" });
    expect(await counts()).toEqual(before);
    expect((await json(await getSession(sessionId, user.token))).status).toBe("expired");
  });

  it("a session with no order yet cannot be confirmed", async () => {
    const user = await makeUserWithToken();
    const { sessionId } = await newSession(user.token);
    const refused = await confirm(sessionId, user.token);
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.details).toEqual({ status: "pending" });
  });

  it("a merchant order already paid through another session is refused at intake", async () => {
    const user = await makeUserWithToken();
    await topUpUser({ userId: user.id, amount: "50.00", currency: "USD" });
    const { sessionId, body } = await sessionWithOrder(user.token);
    expect((await confirm(sessionId, user.token)).status).toBe(200);
    const { sessionId: second } = await newSession(user.token);
    const again = await postOrder(second, body);
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe("ORDER_ALREADY_PAID");
  });

  it("one merchant order on two sessions: paying it on one fails the other's confirm, which moves no money", async () => {
    const user = await makeUserWithToken();
    await topUpUser({ userId: user.id, amount: "50.00", currency: "USD" });
    const { sessionId: first, body } = await sessionWithOrder(user.token);
    const { sessionId: second } = await newSession(user.token);
    expect((await postOrder(second, body)).status).toBe(200); // not paid yet: both sessions hold it
    expect((await confirm(first, user.token)).status).toBe(200);
    const before = await counts();
    const refused = await confirm(second, user.token);
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.code).toBe("ORDER_ALREADY_PAID");
    expect(await counts()).toEqual(before);
    expect(await json(await getSession(second, user.token))).toMatchObject({ status: "failed", failureReason: expect.any(String) });
    const client = await db();
    const wallet = await client.ledgerAccount.findFirstOrThrow({ where: { owner: `user:${user.id}` } });
    expect(wallet.balance).toBe(4000n); // charged once
  });

  it("declining a session that is already paid is a 409 and changes nothing", async () => {
    const user = await makeUserWithToken();
    await topUpUser({ userId: user.id, amount: "50.00", currency: "USD" });
    const { sessionId } = await sessionWithOrder(user.token);
    expect((await confirm(sessionId, user.token)).status).toBe(200);
    const refused = await declineRoute(request(`/api/wallet/sessions/${sessionId}/decline`, { method: "POST", ...bearer(user.token) }), ctx({ sessionId }));
    expect(refused.status).toBe(409);
    expect((await json(refused)).error).toMatchObject({ code: "INVALID_STATE", details: { status: "completed" } });
    expect((await json(await getSession(sessionId, user.token))).status).toBe("completed");
  });
});

describe("GET /opencharge/orders/{orderId}/status", () => {
  it("404 ORDER_NOT_FOUND for an unknown order", async () => {
    const response = await orderStatusRoute(request("/opencharge/orders/ord_nope/status"), ctx({ orderId: "ord_nope" }));
    expect(response.status).toBe(404);
    expect((await json(response)).error.code).toBe("ORDER_NOT_FOUND");
  });
});
