/**
 * Protocol flow 3: POST /api/wallet/sessions {orderUrl}. The simulated merchants serve their signed orders
 * at order URLs over real HTTP; we fetch them through the address guard, resolve the merchant through the
 * registry, verify, and open a session already in order_received; confirm pays it once and the merchant
 * receives and verifies our proof. Every refusal stores nothing.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as createSessionRoute } from "@/app/api/wallet/sessions/route";
import { GET as getSessionRoute } from "@/app/api/wallet/sessions/[sessionId]/route";
import { POST as confirmRoute } from "@/app/api/wallet/sessions/[sessionId]/confirm/route";
import { POST as declineRoute } from "@/app/api/wallet/sessions/[sessionId]/decline/route";
import { startSimulatedMerchant, type SimulatedMerchant } from "@/e2e/simulators/merchant";
import { db } from "@/lib/db";
import { deliverDue } from "@/lib/deliveries/deliver-due";
import { checkLedger } from "@/lib/ledger/check-ledger";
import { openOrderUrlSession } from "@/lib/pay-sessions/open-order-url-session";
import { topUpUser } from "@/lib/wallet/top-up-user";
import { json, makeUserWithToken, paymentCounts, request } from "@/tests/support/factories";
import { GATEWAY_OCID, setEnv, startGatewayMetadataServer, useRegistry } from "@/tests/support/protocol-fixtures";

let metadata: Awaited<ReturnType<typeof startGatewayMetadataServer>>;
let merchant: SimulatedMerchant;
let otherMerchant: SimulatedMerchant;
/** Serves orders and metadata like a merchant, but is in no registry: its OCID is unknown to us. */
let stranger: SimulatedMerchant;
let user: Awaited<ReturnType<typeof makeUserWithToken>>;

beforeAll(async () => {
  metadata = await startGatewayMetadataServer();
  const common = { acceptedIssuers: [GATEWAY_OCID], gatewayMetadataUrl: metadata.url, gatewayOcid: GATEWAY_OCID };
  merchant = await startSimulatedMerchant({ ocid: 600, name: "Harbour Kiosk", ...common });
  otherMerchant = await startSimulatedMerchant({ ocid: 601, ...common });
  stranger = await startSimulatedMerchant({ ocid: 602, ...common });
  useRegistry({ [merchant.ocid]: merchant.metadataUrl, [otherMerchant.ocid]: otherMerchant.metadataUrl });
  user = await makeUserWithToken();
  await topUpUser({ userId: user.id, amount: "100.00", currency: "USD" });
});

afterAll(async () => {
  for (const m of [merchant, otherMerchant, stranger]) await m?.close();
  await metadata?.close();
});

afterEach(() => {
  merchant.setMetadataBehaviour("ok");
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });

function postSession(body: unknown, token = user.token) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return createSessionRoute(
    request("/api/wallet/sessions", { method: "POST", headers: { ...bearer(token), "content-type": "application/json" }, body: text }),
    ctx({}),
  );
}

const confirm = (sessionId: string, token = user.token) =>
  confirmRoute(request(`/api/wallet/sessions/${sessionId}/confirm`, { method: "POST", headers: bearer(token) }), ctx({ sessionId }));
const decline = (sessionId: string, token = user.token) =>
  declineRoute(request(`/api/wallet/sessions/${sessionId}/decline`, { method: "POST", headers: bearer(token) }), ctx({ sessionId }));
const getSession = (sessionId: string, token = user.token) =>
  getSessionRoute(request(`/api/wallet/sessions/${sessionId}`, { headers: bearer(token) }), ctx({ sessionId }));

function coffeeOrder(partial: Parameters<SimulatedMerchant["buildOrder"]>[0] = {}, by: SimulatedMerchant = merchant) {
  return by.buildOrder({
    amount: "6.40",
    items: [
      { id: "flat_white", name: "Flat white", quantity: 2, price: "2.70" },
      { id: "cookie", name: "Cookie", quantity: 1, price: "1.00" },
    ],
    memo: "Pick up at the window",
    ...partial,
  });
}

/** Everything a session or a payment writes: compared before and after a refusal. */
async function counts() {
  const client = await db();
  return { ...(await paymentCounts()), paySessions: await client.paySession.count() };
}

async function userBalance(): Promise<bigint> {
  const client = await db();
  return (await client.ledgerAccount.findFirstOrThrow({ where: { owner: `user:${user.id}`, currency: "USD" } })).balance;
}

/** The answer is the error and nothing at all was stored. */
async function expectRefusal(send: () => Promise<Response>, status: number, code: string) {
  const before = await counts();
  const response = await send();
  const body = await json(response);
  expect({ status: response.status, code: body.error?.code }).toEqual({ status, code });
  expect(body.error.message).toEqual(expect.any(String));
  expect(await counts()).toEqual(before);
  return body.error as { code: string; message: string; details?: Record<string, unknown> };
}

describe("POST /api/wallet/sessions {orderUrl}: the merchant's QR code (protocol flow 3)", () => {
  it("201: fetches and verifies the signed order and opens the session in order_received; confirm pays it once and the merchant gets the proof", async () => {
    const order = coffeeOrder();
    const orderUrl = await merchant.publishOrder(order);
    const balanceBefore = await userBalance();
    const requestsBefore = merchant.orderRequests.length;

    const created = await postSession({ orderUrl });
    expect(created.status).toBe(201);
    const session = await json(created);
    expect(session).toEqual({
      sessionId: expect.stringMatching(/^[0-9a-f]{40}$/),
      status: "order_received",
      expiresAt: order.expiresAt,
      order: {
        id: order.id,
        amount: "6.40",
        currency: "USD",
        items: [
          { id: "flat_white", name: "Flat white", quantity: 2, price: "2.70" },
          { id: "cookie", name: "Cookie", quantity: 1, price: "1.00" },
        ],
        memo: "Pick up at the window",
        expiresAt: order.expiresAt,
      },
      merchant: { ocid: merchant.ocid, name: "Harbour Kiosk" },
      urls: { order: [orderUrl], completed: `${merchant.url}/done`, cancelled: `${merchant.url}/cancelled` },
    });
    // One GET of the order URL, signed with our X-OC-* headers.
    expect(merchant.orderRequests.length).toBe(requestsBefore + 1);
    expect(merchant.orderRequests.at(-1)).toMatchObject({ path: new URL(orderUrl).pathname, headers: { "x-oc-id": String(GATEWAY_OCID) } });

    // The same view as GET, and the stored order is the merchant's signed original.
    expect(await json(await getSession(session.sessionId))).toEqual(session);
    const client = await db();
    const stored = await client.paySession.findUniqueOrThrow({ where: { id: session.sessionId }, include: { order: true } });
    expect(stored).toMatchObject({ userId: user.id, status: "order_received" });
    expect(stored.order).toMatchObject({ source: "pay_session", merchantOcid: merchant.ocid, senderOcid: merchant.ocid, merchantOrderId: order.id, status: "pending", amountMinor: 640n });
    expect(JSON.parse(stored.order!.orderJson)).toEqual(order);
    expect(await userBalance()).toBe(balanceBefore); // nothing moves before the user confirms

    const confirmed = await confirm(session.sessionId);
    expect(confirmed.status).toBe(200);
    const { status, txid } = await json(confirmed);
    expect(status).toBe("completed");
    expect(txid).toMatch(/^oc_[0-9a-f]{32}$/);
    expect(await userBalance()).toBe(balanceBefore - 640n);
    const payee = await client.ledgerAccount.findFirstOrThrow({ where: { owner: `ocid:${merchant.ocid}`, currency: "USD" } });
    expect(payee.balance).toBe(640n);
    expect((await checkLedger()).problems).toEqual([]);
    expect(await json(await getSession(session.sessionId))).toMatchObject({ status: "completed", txid });

    // Once: a second confirm is refused and moves nothing.
    await expectRefusal(() => confirm(session.sessionId), 409, "INVALID_STATE");
    expect(await userBalance()).toBe(balanceBefore - 640n);

    // The merchant receives our signed proof for its order and accepts it.
    expect(await deliverDue()).toBe(1);
    const proof = merchant.findProof(txid);
    expect(proof).toMatchObject({ outcome: "accepted", senderOcid: String(GATEWAY_OCID) });
    expect(proof!.proof).toMatchObject({ txid, issuer: GATEWAY_OCID, to: { ocid: merchant.ocid, reference: order.id }, amount: "6.40", currency: "USD" });
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("keeps the merchant's own urls.order and reads an order without items, memo or expiry", async () => {
    const order = coffeeOrder({ items: undefined, memo: undefined, expiresAt: undefined, amount: "2.00" });
    const orderUrl = await merchant.publishOrder(order, { urls: { order: ["https://shop.example/o/1"], completed: "https://shop.example/thanks" } });
    const response = await postSession({ orderUrl });
    expect(response.status).toBe(201);
    const session = await json(response);
    expect(session.order).toEqual({ id: order.id, amount: "2.00", currency: "USD", expiresAt: expect.any(Number) });
    // Without its own expiry, an order stays payable for 15 minutes after it arrived (as on the till's path).
    expect(session.order.expiresAt - Date.now() / 1000).toBeGreaterThan(14 * 60);
    expect(session.urls).toEqual({ order: ["https://shop.example/o/1"], completed: "https://shop.example/thanks" });
  });

  it("decline refuses it: the session is declined, the order cancelled, nothing charged", async () => {
    const orderUrl = await merchant.publishOrder(coffeeOrder());
    const { sessionId } = await json(await postSession({ orderUrl }));
    const before = await userBalance();
    const declined = await decline(sessionId);
    expect(await json(declined)).toEqual({ status: "declined" });
    expect(await json(await getSession(sessionId))).toMatchObject({ status: "declined" });
    await expectRefusal(() => confirm(sessionId), 409, "INVALID_STATE");
    expect(await userBalance()).toBe(before);
  });

  it("400 INVALID_SIGNATURE: an order signed by another key, or changed after signing", async () => {
    const order = coffeeOrder();
    const forged = await merchant.publishOrder(order, { signature: otherMerchant.signOrder(order) });
    await expectRefusal(() => postSession({ orderUrl: forged }), 400, "INVALID_SIGNATURE");

    const original = coffeeOrder();
    const tampered = await merchant.publishOrder(original, {
      body: { order: { ...original, amount: "0.01" }, signature: merchant.signOrder(original) },
    });
    await expectRefusal(() => postSession({ orderUrl: tampered }), 400, "INVALID_SIGNATURE");
  });

  it("400 ORDER_EXPIRED: an order past its expiresAt, or a merchant that answers 410", async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await merchant.publishOrder(coffeeOrder({ createdAt: now - 600, expiresAt: now - 1 }));
    await expectRefusal(() => postSession({ orderUrl: expired }), 400, "ORDER_EXPIRED");
    const gone = await merchant.publishOrder(coffeeOrder(), { behaviour: "gone" });
    await expectRefusal(() => postSession({ orderUrl: gone }), 400, "ORDER_EXPIRED");
  });

  it("400 SETTLEMENT_NOT_SUPPORTED: an order whose accepts does not name us", async () => {
    const orderUrl = await merchant.publishOrder(coffeeOrder({ accepts: [999, 998] }));
    const error = await expectRefusal(() => postSession({ orderUrl }), 400, "SETTLEMENT_NOT_SUPPORTED");
    expect(error.details).toMatchObject({ accepts: [999, 998] });
  });

  it.each([
    ["answers 404", "not_found", "http_status"],
    ["answers HTML, not JSON", "not_json", "not_json"],
    ["answers more than 256 KB", "oversized", "too_large"],
    ["redirects (never followed)", "redirect", "redirect"],
  ] as const)("502 METADATA_UNAVAILABLE when the order URL %s", async (_name, behaviour, reason) => {
    const orderUrl = await merchant.publishOrder(coffeeOrder(), { behaviour });
    const error = await expectRefusal(() => postSession({ orderUrl }), 502, "METADATA_UNAVAILABLE");
    expect(error.details).toMatchObject({ reason });
  });

  it("502 METADATA_UNAVAILABLE for an unknown order id and for JSON that is not a signed order", async () => {
    const unknown = (await merchant.publishOrder(coffeeOrder())).replace(/orders\/[^/]+$/, "orders/ord_nobody");
    expect((await expectRefusal(() => postSession({ orderUrl: unknown }), 502, "METADATA_UNAVAILABLE")).details).toMatchObject({ httpStatus: 404 });
    for (const body of [{ hello: "world" }, { order: coffeeOrder() }, [1, 2, 3], { order: "text", signature: "00" }]) {
      const orderUrl = await merchant.publishOrder(coffeeOrder(), { body });
      expect((await expectRefusal(() => postSession({ orderUrl }), 502, "METADATA_UNAVAILABLE")).details).toMatchObject({ reason: "not_an_order" });
    }
  });

  it("502 METADATA_UNAVAILABLE when nothing answers: a closed port, or a host that never answers", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await expectRefusal(() => postSession({ orderUrl: `http://127.0.0.1:${port}/opencharge/orders/ord_1` }), 502, "METADATA_UNAVAILABLE");
    expect(error.details).toMatchObject({ reason: "unreachable" });

    const hanging = await merchant.publishOrder(coffeeOrder(), { behaviour: "hang" });
    const before = await counts();
    const started = Date.now();
    await expect(openOrderUrlSession({ userId: user.id, orderUrl: hanging, fetchTimeoutMs: 300 })).rejects.toMatchObject({
      code: "METADATA_UNAVAILABLE",
      status: 502,
      details: { reason: "unreachable" },
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await counts()).toEqual(before);
  });

  it("502 METADATA_UNAVAILABLE when the merchant cannot be resolved: an OCID we do not know, or its metadata broken", async () => {
    const unknown = await stranger.publishOrder(coffeeOrder({}, stranger));
    const error = await expectRefusal(() => postSession({ orderUrl: unknown }), 502, "METADATA_UNAVAILABLE");
    expect(error.details).toMatchObject({ ocid: stranger.ocid, reason: "unknown_ocid" });

    useRegistry({ [merchant.ocid]: merchant.metadataUrl, [otherMerchant.ocid]: otherMerchant.metadataUrl }); // forget cached metadata
    merchant.setMetadataBehaviour("not_json");
    const orderUrl = await merchant.publishOrder(coffeeOrder());
    const broken = await expectRefusal(() => postSession({ orderUrl }), 502, "METADATA_UNAVAILABLE");
    expect(broken.details).toMatchObject({ ocid: merchant.ocid });
    useRegistry({ [merchant.ocid]: merchant.metadataUrl, [otherMerchant.ocid]: otherMerchant.metadataUrl });
  });

  it("the address guard refuses private, loopback and plain-http order URLs (without the test allowance): 502, no request made", async () => {
    const orderUrl = await merchant.publishOrder(coffeeOrder());
    const storefrontPort = new URL(orderUrl).port;
    const requestsBefore = merchant.orderRequests.length;
    setEnv({ OPENCHARGE_ALLOW_HTTP: undefined });
    try {
      for (const url of [
        orderUrl, // plain http
        `https://127.0.0.1:${storefrontPort}/opencharge/orders/x`,
        "https://10.1.2.3/opencharge/orders/x",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/opencharge/orders/x",
        "https://[::ffff:192.168.1.1]/opencharge/orders/x",
        `https://localhost:${storefrontPort}/opencharge/orders/x`, // a name that resolves to loopback
      ]) {
        const error = await expectRefusal(() => postSession({ orderUrl: url }), 502, "METADATA_UNAVAILABLE");
        expect(error.details, url).toMatchObject({ reason: "refused_address" });
      }
    } finally {
      setEnv({ OPENCHARGE_ALLOW_HTTP: "1" });
      useRegistry({ [merchant.ocid]: merchant.metadataUrl, [otherMerchant.ocid]: otherMerchant.metadataUrl });
    }
    expect(merchant.orderRequests.length).toBe(requestsBefore);
  });

  it.each([
    ["not a URL", "order-123"],
    ["a relative URL", "/opencharge/orders/ord_1"],
    ["an ftp URL", "ftp://shop.example/orders/1"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a data: URL", "data:application/json,{}"],
    ["credentials in the URL", "https://user:secret@shop.example/orders/1"],
    ["a URL over 2048 characters", `https://shop.example/orders/${"a".repeat(2100)}`],
    ["a number", 42],
    ["null", null],
  ])("400 VALIDATION_ERROR for a malformed orderUrl: %s", async (_name, orderUrl) => {
    const error = await expectRefusal(() => postSession({ orderUrl }), 400, "VALIDATION_ERROR");
    expect(error.details).toMatchObject({ issues: [{ path: "orderUrl" }] });
  });

  it("400 INVALID_JSON for a body that is not JSON; a bare POST still makes a QR code for a till", async () => {
    await expectRefusal(() => postSession("{orderUrl:"), 400, "INVALID_JSON");
    for (const body of ["", "{}"]) {
      const response = await postSession(body);
      expect(response.status).toBe(201);
      expect(await json(response)).toMatchObject({ qrPayload: { ocid: GATEWAY_OCID }, sessionId: expect.any(String) });
    }
  });

  it("400 INVALID_ORDER: a malformed order, an order whose ocid is ours", async () => {
    const order = coffeeOrder();
    const { amount: _amount, ...withoutAmount } = order;
    const malformed = await merchant.publishOrder(order, { body: { order: withoutAmount, signature: merchant.signOrder(withoutAmount) } });
    const error = await expectRefusal(() => postSession({ orderUrl: malformed }), 400, "INVALID_ORDER");
    expect(error.details).toMatchObject({ issues: [{ path: "order.amount" }] });

    const ours = coffeeOrder({ ocid: GATEWAY_OCID });
    const oursUrl = await merchant.publishOrder(ours);
    await expectRefusal(() => postSession({ orderUrl: oursUrl }), 400, "INVALID_ORDER");
  });

  it("409 ORDER_ALREADY_PAID: an order paid already is refused when scanned again", async () => {
    const orderUrl = await merchant.publishOrder(coffeeOrder({ amount: "1.00" }));
    const first = await json(await postSession({ orderUrl }));
    // Scanned twice before paying: two sessions; only one can pay.
    const second = await json(await postSession({ orderUrl }));
    expect((await confirm(first.sessionId)).status).toBe(200);
    await expectRefusal(() => postSession({ orderUrl }), 409, "ORDER_ALREADY_PAID");
    const before = await userBalance();
    const refused = await confirm(second.sessionId);
    expect((await json(refused)).error.code).toBe("ORDER_ALREADY_PAID");
    expect(await userBalance()).toBe(before);
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("401 without a wallet token; another user cannot see or confirm the session", async () => {
    const orderUrl = await merchant.publishOrder(coffeeOrder());
    const requestsBefore = merchant.orderRequests.length;
    await expectRefusal(
      () => createSessionRoute(request("/api/wallet/sessions", { method: "POST", body: JSON.stringify({ orderUrl }) }), ctx({})),
      401,
      "UNAUTHENTICATED",
    );
    expect(merchant.orderRequests.length).toBe(requestsBefore); // nothing fetched for an anonymous caller

    const { sessionId } = await json(await postSession({ orderUrl }));
    const other = await makeUserWithToken();
    expect((await getSession(sessionId, other.token)).status).toBe(404);
    await expectRefusal(() => confirm(sessionId, other.token), 404, "SESSION_NOT_FOUND");
  });
});
