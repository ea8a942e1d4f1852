/**
 * Every error the order intake can answer, sent through the running server's direct route
 * (server/direct-routes.ts), which loads the route modules a second time beside Next's bundle: each answer
 * must carry the protocol status and code in the envelope and our verifiable response signature — the same
 * as any route Next serves. The first case is the bug that found this class: a metadata failure cached
 * by Next's copy of the resolver reached the direct route's copy, which did not recognise the error as
 * its own and answered 500.
 */
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { generateKeyPair, sha256Hex, verifyMessage } from "../lib/opencharge/crypto";
import { startSimulatedMerchant } from "./simulators";
import type { SimulatedCounterparty } from "./simulators/counterparty-server";
import { fetchVerifiedPublicKey, signedHeaders } from "./simulators/protocol";
import { newEmail } from "./support/accounts";
import { walletCliAsync } from "./support/cli";
import { E2E_BASE_URL, E2E_GATEWAY_OCID } from "./support/config";
import { expirePaySession } from "./support/database";
import { freshOcid, registerCounterparty } from "./support/registry";

let merchant: SimulatedCounterparty;
let gatewayKey: string;
let token: string;
/** A counterparty whose metadata host refuses connections. */
const ghost = { ocid: 0, privateKey: generateKeyPair().privateKey };

test.beforeAll(async () => {
  merchant = await startSimulatedMerchant({
    ocid: freshOcid(),
    acceptedIssuers: [E2E_GATEWAY_OCID],
    gatewayMetadataUrl: `${E2E_BASE_URL}/opencharge/metadata.json`,
    gatewayOcid: E2E_GATEWAY_OCID,
  });
  registerCounterparty(merchant.ocid, merchant.metadataUrl);
  ghost.ocid = freshOcid();
  registerCounterparty(ghost.ocid, "http://127.0.0.1:9/opencharge/metadata.json");
  gatewayKey = await fetchVerifiedPublicKey(`${E2E_BASE_URL}/opencharge/metadata.json`);
  const email = newEmail("direct");
  await walletCliAsync("user:create", "--email", email, "--password", "a long e2e password");
  token = await walletCliAsync("token:create", "--email", email);
  await walletCliAsync("topup", "--email", email, "--amount", "10.00", "--currency", "USD");
});

test.afterAll(async () => {
  await merchant?.close();
});

async function newSession(): Promise<string> {
  const response = await fetch(`${E2E_BASE_URL}/api/wallet/sessions`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(201);
  return ((await response.json()) as { sessionId: string }).sessionId;
}

const intakeUrl = (sessionId: string) => `${E2E_BASE_URL}/opencharge/orders/create/${sessionId}`;

function orderBody(partial: Parameters<SimulatedCounterparty["buildOrder"]>[0] = {}) {
  const order = merchant.buildOrder({ amount: "3.00", ...partial });
  return { order, signature: merchant.signOrder(order) };
}

/** Sends `body` (text as is) with `headers`, and checks the envelope and our response signature. */
async function expectError(response: Response, status: number, code: string) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  const body = JSON.parse(text) as { error: { code: string; message: string } };
  expect(body.error.code, text).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(response.headers.get("x-frame-options")).toBe("DENY");
  const ocid = response.headers.get("x-oc-id");
  const timestamp = response.headers.get("x-oc-timestamp");
  const signature = response.headers.get("x-oc-signature");
  expect(ocid).toBe(String(E2E_GATEWAY_OCID));
  const canonical = [ocid, timestamp, String(status), sha256Hex(text)].join("\n");
  expect(verifyMessage(canonical, signature ?? "", gatewayKey), "response signature").toBe(true);
}

function post(url: string, body: string, headers: Record<string, string>) {
  return fetch(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
}

function signedPost(url: string, body: unknown, signer: { ocid: number; privateKey?: string } = merchant) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const headers = signer === merchant ? merchant.signHeaders("POST", url, text) : signedHeaders({ ...(signer as { ocid: number; privateKey: string }), method: "POST", url, body: text });
  return post(url, text, headers);
}

test("a metadata failure cached by Next's module copy is a 502 on the direct route, not a 500", async () => {
  // Through Next: /capabilities resolves the sender, fails, and caches the failure (its AppError) for 30 s.
  const capabilities = `${E2E_BASE_URL}/opencharge/capabilities`;
  const viaNext = await fetch(capabilities, { headers: signedHeaders({ ...ghost, method: "GET", url: capabilities, body: "" }) });
  await expectError(viaNext, 502, "METADATA_UNAVAILABLE");
  // Through the direct route: the same cached error, made by the other copy.
  const url = intakeUrl(await newSession());
  await expectError(await signedPost(url, orderBody(), ghost), 502, "METADATA_UNAVAILABLE");
});

test("every refusal of the intake answers its protocol code, in the envelope, signed", async () => {
  const missingHeaders = await post(intakeUrl(await newSession()), JSON.stringify(orderBody()), {});
  await expectError(missingHeaders, 401, "INVALID_SIGNATURE");

  const url = intakeUrl(await newSession());
  const text = JSON.stringify(orderBody());
  const stale = merchant.signHeaders("POST", url, text, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
  await expectError(await post(url, text, stale), 401, "TIMESTAMP_EXPIRED");

  const wrongBody = merchant.signHeaders("POST", url, text);
  await expectError(await post(url, JSON.stringify(orderBody()), wrongBody), 401, "INVALID_SIGNATURE");

  const stranger = { ocid: 999_999_001, privateKey: generateKeyPair().privateKey };
  await expectError(await signedPost(url, orderBody(), stranger), 401, "UNKNOWN_OCID");

  const once = merchant.signHeaders("POST", url, "{");
  await expectError(await post(url, "{", once), 400, "INVALID_JSON");
  await expectError(await post(url, "{", once), 401, "NONCE_REUSED");

  await expectError(await signedPost(url, { order: { id: 1 } }), 400, "VALIDATION_ERROR");

  const tampered = orderBody();
  await expectError(await signedPost(url, { ...tampered, order: { ...tampered.order, amount: "0.01" } }), 400, "INVALID_SIGNATURE");

  const past = Math.floor(Date.now() / 1000) - 120;
  await expectError(await signedPost(url, orderBody({ createdAt: past - 60, expiresAt: past })), 400, "ORDER_EXPIRED");

  await expectError(await signedPost(url, orderBody({ accepts: [999_999_002] })), 400, "SETTLEMENT_NOT_SUPPORTED");

  await expectError(await signedPost(url, orderBody({ ocid: merchant.ocid + 1 })), 400, "INVALID_ORDER");

  await expectError(await signedPost(intakeUrl(randomBytes(20).toString("hex")), orderBody()), 404, "SESSION_NOT_FOUND");

  // The session still takes a good order after all of that, once.
  const accepted = await signedPost(url, orderBody());
  expect(accepted.status).toBe(200);
  await expectError(await signedPost(url, orderBody()), 410, "SESSION_USED");

  // A merchant order paid through one session is refused on another.
  const paid = orderBody();
  const first = await newSession();
  expect((await signedPost(intakeUrl(first), paid)).status).toBe(200);
  const confirm = await fetch(`${E2E_BASE_URL}/api/wallet/sessions/${first}/confirm`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  expect(confirm.status).toBe(200);
  await expectError(await signedPost(intakeUrl(await newSession()), paid), 409, "ORDER_ALREADY_PAID");

  // A session past its lifetime (moved into the past in the database: the TTL is minutes).
  const expired = await newSession();
  await expirePaySession(expired);
  await expectError(await signedPost(intakeUrl(expired), orderBody()), 404, "SESSION_EXPIRED");

  const huge = "x".repeat(3 * 1024 * 1024);
  await expectError(await post(intakeUrl(await newSession()), huge, {}), 413, "PAYLOAD_TOO_LARGE");
});
