/**
 * The Opencharge network both ways over real HTTP against the running app (issue 14): simulated parties
 * with their own keys call us and verify what we sign —
 *  - a bank (OCID 960, in OPENCHARGE_SETTLEMENT_ACCEPTS) delivers a proof to /opencharge/transfer/webhook;
 *  - a partner gateway with a reserve spends it through /opencharge/transfer/create;
 *  - another gateway's wallet fetches a payment request's QR URL as JSON (a signed order), and pays our
 *    merchant through payment/create and payment/settle with the bank's proof.
 */
import { expect, test } from "@playwright/test";
import { startSimulatedIssuer, type SimulatedIssuer } from "./simulators/issuer";
import { verifyObject } from "./simulators";
import { walletCliAsync } from "./support/cli";
import { E2E_BASE_URL, E2E_GATEWAY_OCID, E2E_SETTLEMENT_ISSUER_OCID } from "./support/config";
import { freshOcid, registerCounterparty } from "./support/registry";
import { fetchVerifiedPublicKey } from "./simulators/protocol";

const ENDPOINT = `${E2E_BASE_URL}/opencharge`;
let bank: SimulatedIssuer;
let partner: SimulatedIssuer;
let otherWallet: SimulatedIssuer;

test.beforeAll(async () => {
  const gatewayMetadataUrl = `${ENDPOINT}/metadata.json`;
  bank = await startSimulatedIssuer({ ocid: E2E_SETTLEMENT_ISSUER_OCID, gatewayMetadataUrl, name: "E2E Bank" });
  partner = await startSimulatedIssuer({ ocid: freshOcid(), gatewayMetadataUrl, name: "Partner Gateway" });
  otherWallet = await startSimulatedIssuer({ ocid: freshOcid(), gatewayMetadataUrl, name: "Other Wallet" });
  for (const sim of [bank, partner, otherWallet]) registerCounterparty(sim.ocid, sim.metadataUrl);
});

test.afterAll(async () => {
  for (const sim of [bank, partner, otherWallet]) await sim?.close();
});

async function newUser(prefix: string) {
  const email = `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;
  const user = JSON.parse(await walletCliAsync("user:create", "--email", email, "--password", "a long e2e password")) as { handle: string };
  const token = await walletCliAsync("token:create", "--email", email);
  return { email, handle: user.handle, token };
}

async function balance(token: string, currency: string): Promise<string> {
  const response = await fetch(`${E2E_BASE_URL}/api/wallet/balance`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { balances: Array<{ currency: string; amount: string }> };
  return body.balances.find((b) => b.currency === currency)?.amount ?? "0.00";
}

test("a bank's proof at /transfer/webhook credits a wallet user once", async () => {
  const user = await newUser("webhook");
  const body = bank.signed(bank.proof({ to: { ocid: E2E_GATEWAY_OCID, reference: `@${user.handle}` }, amount: "40.00", currency: "USD" }));
  expect(await bank.deliver(ENDPOINT, body)).toEqual({ status: 200, body: { status: "accepted", txid: body.proof.txid } });
  expect((await bank.deliver(ENDPOINT, body)).body.status).toBe("rejected");
  expect(await balance(user.token, "USD")).toBe("40.00");
});

test("a partner spends its reserve through /transfer/create and gets our signed proof", async () => {
  await walletCliAsync("partner:add", "--ocid", String(partner.ocid), "--currency", "USD", "--credit-limit", "10.00");
  await walletCliAsync("partner:fund", "--ocid", String(partner.ocid), "--amount", "25.00", "--currency", "USD");
  const user = await newUser("partner");
  const response = await partner.signedFetch(`${ENDPOINT}/transfer/create`, {
    method: "POST",
    body: { from: { ocid: partner.ocid, reference: "their_user" }, to: { ocid: E2E_GATEWAY_OCID, reference: user.handle }, amount: "30.00", currency: "USD" },
  });
  expect(response.status).toBe(200);
  const { proof, signature } = (await response.json()) as { proof: Record<string, unknown>; signature: string };
  expect(proof).toMatchObject({ issuer: E2E_GATEWAY_OCID, to: { ocid: E2E_GATEWAY_OCID, reference: user.handle }, amount: "30.00" });
  expect(verifyObject(proof, signature, await fetchVerifiedPublicKey(`${ENDPOINT}/metadata.json`))).not.toBeNull();
  expect(await balance(user.token, "USD")).toBe("30.00");
  // 25.00 + 10.00 of credit − 30.00 leaves 5.00: a further 5.01 is refused.
  const beyond = await partner.signedFetch(`${ENDPOINT}/transfer/create`, {
    method: "POST",
    body: { from: { ocid: partner.ocid }, to: { ocid: E2E_GATEWAY_OCID, reference: user.handle }, amount: "5.01", currency: "USD" },
  });
  expect(beyond.status).toBe(402);
});

test("another gateway's wallet pays our merchant's request: the QR URL as a signed order, payment/create, payment/settle", async () => {
  const owner = await newUser("owner");
  const merchant = JSON.parse(await walletCliAsync("merchant:create", "--email", owner.email, "--name", "Harbour Cafe")) as { id: string };
  const key = await walletCliAsync("merchant:key", "--merchant", merchant.id);
  const created = await fetch(`${E2E_BASE_URL}/api/payment-requests`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ value: { amount: "9.40", currency: "USD" }, description: "Two flat whites" }),
  });
  const request = (await created.json()) as { id: string; url: string };

  // The QR code's URL: a browser gets the page, a wallet asking for JSON gets the signed order.
  const page = await fetch(request.url, { headers: { accept: "text/html" } });
  expect(page.headers.get("content-type")).toContain("text/html");
  const asOrder = await fetch(request.url, { headers: { accept: "application/json" } });
  expect(asOrder.status).toBe(200);
  const { order, signature } = (await asOrder.json()) as { order: { id: string; ocid: number; amount: string; accepts: number[] }; signature: string };
  expect(order).toMatchObject({ id: request.id, ocid: E2E_GATEWAY_OCID, amount: "9.40", accepts: [E2E_GATEWAY_OCID, E2E_SETTLEMENT_ISSUER_OCID] });
  expect(verifyObject(order, signature, await fetchVerifiedPublicKey(`${ENDPOINT}/metadata.json`))).not.toBeNull();

  const pending = await otherWallet.signedFetch(`${ENDPOINT}/payment/create`, {
    method: "POST",
    body: { to: E2E_GATEWAY_OCID, amount: order.amount, currency: "USD", order: { id: order.id, urls: [request.url] } },
  });
  expect(pending.status).toBe(200);
  const { txid } = (await pending.json()) as { txid: string };
  // The settlement provider (the bank here) paid us for that txid.
  const providerProof = bank.signed(bank.proof({ from: { ocid: otherWallet.ocid }, to: { ocid: E2E_GATEWAY_OCID, reference: txid }, amount: "9.40", currency: "USD" }));
  const settled = await otherWallet.signedFetch(`${ENDPOINT}/payment/settle`, { method: "POST", body: { txid, ...providerProof } });
  expect(settled.status).toBe(200);
  expect(await settled.json()).toMatchObject({ status: "completed", txid, proof: { to: { ocid: E2E_GATEWAY_OCID, reference: request.id } } });

  const view = await fetch(`${E2E_BASE_URL}/api/payment-requests/${request.id}`, { headers: { authorization: `Bearer ${key}` } });
  expect(await view.json()).toMatchObject({ status: "DONE", amountPaid: "9.40" });
  const verified = await fetch(`${ENDPOINT}/verify/${txid}`);
  expect(await verified.json()).toMatchObject({ status: "completed" });
  expect(await walletCliAsync("ledger:check")).toMatch(/^Ledger OK/);
});
