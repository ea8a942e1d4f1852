/**
 * Our outbound side against a simulated merchant running as a real HTTP server: signed requests it can
 * verify with our published metadata (served over HTTP from our own route handler), proofs it accepts or
 * refuses the way §8.2/§8.3 say, the outbound address guard, timeouts and caps, and the TV1 vector.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/opencharge/crypto";
import { counterpartyUrl, OutboundRequestError, sendSignedRequest } from "@/lib/opencharge/client";
import { buildRequestHeaders, canonicalRequest } from "@/lib/opencharge/request-auth";
import { resolveCounterparty } from "@/lib/opencharge/resolver";
import { signObject } from "@/lib/opencharge/signed-objects";
import { startSimulatedMerchant, startSimulatedMerchantGateway, type SimulatedCounterparty, type SimulatedOrder } from "@/e2e/simulators";
import { serveRouteHandlers } from "@/tests/support/route-server";
import { GATEWAY_OCID, setEnv, useRegistry } from "./support/helpers";

let app: Awaited<ReturnType<typeof serveRouteHandlers>>;
let merchant: SimulatedCounterparty;
let picky: SimulatedCounterparty; // accepts proofs only from OCID 999
let gateway: SimulatedCounterparty;

beforeAll(async () => {
  app = await serveRouteHandlers();
  const common = { acceptedIssuers: [GATEWAY_OCID], gatewayMetadataUrl: app.metadataUrl, gatewayOcid: GATEWAY_OCID };
  merchant = await startSimulatedMerchant({ ocid: 500, ...common });
  picky = await startSimulatedMerchant({ ...common, ocid: 501, acceptedIssuers: [999] });
  gateway = await startSimulatedMerchantGateway({ ocid: 300, ...common });
});

beforeEach(() => {
  setEnv({ OPENCHARGE_ALLOW_HTTP: "1" });
  useRegistry({ 500: merchant.metadataUrl, 501: picky.metadataUrl, 300: gateway.metadataUrl });
  for (const sim of [merchant, picky, gateway]) sim.setWebhookBehaviour("ok");
});

afterAll(async () => {
  await Promise.all([merchant, picky, gateway].map((s) => s.close()));
  await app.close();
});

function proofFor(order: SimulatedOrder, overrides: Record<string, unknown> = {}) {
  return {
    txid: `tx_${randomBytes(8).toString("hex")}`,
    issuer: GATEWAY_OCID,
    from: { ocid: GATEWAY_OCID, reference: "user_1" },
    to: { ocid: order.ocid, reference: order.id },
    amount: order.amount,
    currency: order.currency,
    timestamp: Math.floor(Date.now() / 1000),
    ...overrides,
  };
}

const webhookOf = (sim: SimulatedCounterparty) => counterpartyUrl({ endpoint: sim.endpoint }, "/transfer/webhook");

describe("the TV1 request vector (reference §3.1)", () => {
  it("is reproduced by the canonical request builder and buildRequestHeaders", () => {
    const body = '{"amount":"100.00","currency":"USD"}';
    const expected =
      "200\n1706500000\nreq_test123\nPOST\n/opencharge/payment/create\n6779770784a6b90aab2c50ad2c48f58eb4d1dc8017e65c5850cdb0869b7060ce";
    expect(sha256Hex(body)).toBe("6779770784a6b90aab2c50ad2c48f58eb4d1dc8017e65c5850cdb0869b7060ce");
    const canonical = canonicalRequest({
      ocid: 200,
      timestamp: 1706500000,
      nonce: "req_test123",
      method: "post",
      path: "/opencharge/payment/create",
      bodyHash: sha256Hex(body),
    });
    expect(canonical).toBe(expected);
    expect(sha256Hex(canonical)).toBe("a51875169505d640b70b0cddb224b4bbb42120a9322abb9951553d2aa0a3fa49");

    setEnv({ OPENCHARGE_OCID: "200" });
    try {
      const headers = buildRequestHeaders({
        method: "POST",
        url: new URL("https://api.example/opencharge/payment/create"),
        body,
        timestamp: 1706500000,
        nonce: "req_test123",
      });
      expect(headers).toEqual({
        "X-OC-ID": "200",
        "X-OC-Timestamp": "1706500000",
        "X-OC-Nonce": "req_test123",
        "X-OC-Signature":
          "08bb6427e9df77920b3c08ba65e7b4d02436ce449441060198a5084f3ca7e82e6c33455681ed53a9125fd2616428a6fb0ecd59e8fc3459175f8759e15e37e9c11b",
      });
    } finally {
      setEnv({ OPENCHARGE_OCID: String(GATEWAY_OCID) });
    }
  });

  it("uses a fresh nonce and the current time when none is given", () => {
    const options = { method: "GET", url: new URL("https://x.example/opencharge/capabilities"), body: "" };
    const a = buildRequestHeaders(options);
    const b = buildRequestHeaders(options);
    expect(a["X-OC-Nonce"]).toMatch(/^req_[0-9a-f]{32}$/);
    expect(a["X-OC-Nonce"]).not.toBe(b["X-OC-Nonce"]);
    expect(Math.abs(Number(a["X-OC-Timestamp"]) - Date.now() / 1000)).toBeLessThan(5);
  });
});

describe("sendSignedRequest to a simulated merchant's webhook", () => {
  it("delivers a correctly built proof that the merchant verifies and accepts", async () => {
    const order = merchant.buildOrder({ amount: "25.00", currency: "USD" });
    const proof = proofFor(order);
    const target = await resolveCounterparty(500);
    const response = await sendSignedRequest({
      url: counterpartyUrl(target, "/transfer/webhook"),
      method: "POST",
      body: { proof, signature: signObject(proof) },
    });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ status: "accepted", txid: proof.txid });
    expect(response.latencyMs).toBeGreaterThanOrEqual(0);
    expect(merchant.proofs.at(-1)).toMatchObject({ outcome: "accepted", senderOcid: "100", proofCanonicalMode: "recursive" });

    // The same proof again is a duplicate: 200 rejected, never a second acceptance.
    const again = await sendSignedRequest({ url: webhookOf(merchant), method: "POST", body: { proof, signature: signObject(proof) } });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ status: "rejected", txid: proof.txid });
  });

  it("is accepted by a merchant verifying the replacer canonical form", async () => {
    const order = merchant.buildOrder();
    const proof = proofFor(order);
    const response = await sendSignedRequest({
      url: webhookOf(merchant),
      method: "POST",
      body: { proof, signature: signObject(proof, "replacer") },
    });
    expect(response.json).toMatchObject({ status: "accepted" });
    expect(merchant.proofs.at(-1)?.proofCanonicalMode).toBe("replacer");
  });

  it("is refused when the request signature was tampered with", async () => {
    const order = merchant.buildOrder();
    const proof = proofFor(order);
    const url = new URL(webhookOf(merchant));
    const body = JSON.stringify({ proof, signature: signObject(proof) });
    const headers = buildRequestHeaders({ method: "POST", url, body });
    const sig = headers["X-OC-Signature"]!;
    headers["X-OC-Signature"] = (sig[0] === "0" ? "1" : "0") + sig.slice(1);
    const response = await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body });
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("INVALID_SIGNATURE");
    expect(merchant.proofs.at(-1)).toMatchObject({ outcome: "error", code: "INVALID_SIGNATURE" });
  });

  it("is refused when the body differs from the signed bytes", async () => {
    const order = merchant.buildOrder();
    const proof = proofFor(order);
    const url = new URL(webhookOf(merchant));
    const headers = buildRequestHeaders({ method: "POST", url, body: JSON.stringify({ proof, signature: signObject(proof) }) });
    const sent = JSON.stringify({ proof: { ...proof, amount: "0.01" }, signature: signObject(proof) });
    const response = await fetch(url, { method: "POST", headers, body: sent });
    expect(response.status).toBe(401);
  });

  it.each([
    ["a proof signature by another key", (o: SimulatedOrder) => ({ proof: proofFor(o), signature: "1b".repeat(65) }), 400, "PROOF_SIGNATURE_INVALID"],
    ["another recipient", (o: SimulatedOrder) => signed(proofFor(o, { to: { ocid: 501, reference: o.id } })), 400, "INVALID_PROOF"],
    ["an unknown order", (o: SimulatedOrder) => signed(proofFor(o, { to: { ocid: 500, reference: "ord_nope" } })), 400, "ORDER_NOT_FOUND"],
    ["another amount", (o: SimulatedOrder) => signed(proofFor(o, { amount: "15.0" })), 400, "AMOUNT_MISMATCH"],
    ["another currency", (o: SimulatedOrder) => signed(proofFor(o, { currency: "EUR" })), 400, "CURRENCY_MISMATCH"],
    ["an issuer that is not the sender", (o: SimulatedOrder) => signed(proofFor(o, { issuer: 101 })), 400, "INVALID_PROOF"],
    ["a proof without txid", (o: SimulatedOrder) => signed(proofFor(o, { txid: undefined })), 400, "INVALID_PROOF"],
  ])("is refused by the merchant for %s", async (_, build, status, code) => {
    const order = merchant.buildOrder();
    const response = await sendSignedRequest({ url: webhookOf(merchant), method: "POST", body: build(order) });
    expect(response.status).toBe(status);
    expect((response.json as { error: { code: string } }).error.code).toBe(code);
  });

  it("is refused with ISSUER_NOT_ACCEPTED by a merchant that does not accept us", async () => {
    const order = picky.buildOrder({ accepts: [GATEWAY_OCID] });
    const response = await sendSignedRequest({ url: webhookOf(picky), method: "POST", body: signed(proofFor(order)) });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: { code: "ISSUER_NOT_ACCEPTED" } });
  });

  it("reaches a merchant gateway that accepts proofs addressed to the merchant of an order it tracks", async () => {
    const order = merchant.buildOrder();
    gateway.trackOrder(order);
    const response = await sendSignedRequest({ url: webhookOf(gateway), method: "POST", body: signed(proofFor(order)) });
    expect(response.json).toMatchObject({ status: "accepted" });
  });

  it.each([
    ["error500", 500],
    ["status429", 429],
  ] as const)("returns the status of a webhook answering %s", async (behaviour, status) => {
    merchant.setWebhookBehaviour(behaviour);
    const response = await sendSignedRequest({ url: webhookOf(merchant), method: "POST", body: {} });
    expect(response.status).toBe(status);
  });

  it("throws a timeout OutboundRequestError when the webhook never answers", async () => {
    merchant.setWebhookBehaviour("hang");
    const error = await sendSignedRequest({ url: webhookOf(merchant), method: "POST", body: {}, timeoutMs: 200 }).catch((e) => e);
    expect(error).toBeInstanceOf(OutboundRequestError);
    expect(error.kind).toBe("timeout");
  });
});

function signed(proof: Record<string, unknown>) {
  return { proof, signature: signObject(proof) };
}

describe("a simulated counterparty calling our endpoints over HTTP", () => {
  it("gets our capabilities with a request signed by its own key", async () => {
    const response = await merchant.signedFetch(`${app.url}/opencharge/capabilities`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ocid: GATEWAY_OCID, capabilities: ["checkout.create", "orders.create.session", "transfer.create", "transfer.webhook", "payment.create", "payment.settle", "verify.txid"] });
  });
});

describe("outbound guard, redirects and caps", () => {
  it("does not follow redirects: the 3xx comes back as it is", async () => {
    merchant.setMetadataBehaviour("redirect");
    try {
      const response = await sendSignedRequest({ url: merchant.metadataUrl, method: "GET" });
      expect(response.status).toBe(302);
    } finally {
      merchant.setMetadataBehaviour("ok");
    }
  });

  it("reads at most 64 KB of an answer", async () => {
    const server = http.createServer((_, res) => res.end(JSON.stringify({ pad: "x".repeat(200_000) })));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/big`;
      const response = await sendSignedRequest({ url, method: "GET" });
      expect(response).toMatchObject({ status: 200, truncated: true, json: undefined });
      expect(response.text.length).toBe(64 * 1024);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("throws a network OutboundRequestError when nothing listens", async () => {
    const error = await sendSignedRequest({ url: "http://127.0.0.1:9/opencharge/x", method: "GET" }).catch((e) => e);
    expect(error).toBeInstanceOf(OutboundRequestError);
    expect(error.kind).toBe("network");
  });

  describe("with OPENCHARGE_ALLOW_HTTP unset", () => {
    beforeEach(() => setEnv({ OPENCHARGE_ALLOW_HTTP: undefined }));

    it.each([
      ["plain http", () => webhookOf(merchant)],
      ["a loopback IP literal", () => `https://127.0.0.1:${new URL(merchant.url).port}/opencharge/transfer/webhook`],
      ["a name resolving to loopback", () => `https://localhost:${new URL(merchant.url).port}/opencharge/transfer/webhook`],
      ["a private IPv4 address", () => "https://10.1.2.3/opencharge/transfer/webhook"],
      ["an IPv4-mapped IPv6 loopback", () => "https://[::ffff:127.0.0.1]/opencharge/transfer/webhook"],
      ["a unique-local IPv6 address", () => "https://[fd00::1]/opencharge/transfer/webhook"],
      ["a non-http scheme", () => "ftp://example.com/x"],
    ])("refuses %s without contacting it", async (_, url) => {
      const before = merchant.hits.webhook;
      const error = await sendSignedRequest({ url: url(), method: "POST", body: {} }).catch((e) => e);
      expect(error).toBeInstanceOf(OutboundRequestError);
      expect(error.kind).toBe("refused_address");
      expect(merchant.hits.webhook).toBe(before);
    });
  });
});
