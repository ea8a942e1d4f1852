/**
 * Counterparty signing profiles that learn (README "Interoperability"): simulated receivers that accept
 * only what receivers built from the public docs' code accept refuse our first delivery; the outbox walks
 * the signing variants, stops at the accepted one, stores it as the counterparty's profile, and the next
 * proof goes out right the first time. Also: a receiver that refuses every variant, deliveries:list,
 * deliveries:redeliver, the lease, and the payer's receipt saying whether the merchant acknowledged.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as createSessionRoute } from "@/app/api/wallet/sessions/route";
import { POST as confirmRoute } from "@/app/api/wallet/sessions/[sessionId]/confirm/route";
import { GET as receiptRoute } from "@/app/api/wallet/receipts/[txid]/route";
import { POST as orderCreateRoute } from "@/app/opencharge/orders/create/[sessionId]/route";
import { startSimulatedMerchant, type SignatureAcceptance } from "@/e2e/simulators";
import { signatureForm } from "@/e2e/simulators/protocol";
import { db } from "@/lib/db";
import { attemptDelivery, newLease } from "@/lib/deliveries/attempt-delivery";
import { deliverDue } from "@/lib/deliveries/deliver-due";
import { listDeliveries } from "@/lib/deliveries/list-deliveries";
import { canonicalJson } from "@/lib/opencharge/canonical-json";
import { findCounterpartySource } from "@/lib/opencharge/counterparty-sources";
import { verifyMessage } from "@/lib/opencharge/crypto";
import { signingProfileName, type SigningProfile } from "@/lib/opencharge/signing-profile";
import { TEST_PRIVATE_KEY, TEST_PUBLIC_KEY } from "@/lib/opencharge/test-vectors";
import { topUpUser } from "@/lib/wallet/top-up-user";
import { json, makeUserWithToken, request } from "@/tests/support/factories";
import {
  GATEWAY_OCID,
  signedRequest,
  startGatewayMetadataServer,
  useRegistry,
  type SimulatedCounterparty,
} from "@/tests/support/protocol-fixtures";

const run = promisify(execFile);
const tsx = path.resolve("node_modules/.bin/tsx");

/** Receivers built from the public docs' code, by what they accept of our signatures. */
const RECEIVERS = {
  /** Canonicalises proofs with the Merchant API's replacer array (any encoding, full path). */
  replacerOnly: { ocid: 700, acceptance: { canonicalModes: ["replacer"] } },
  /** Reads DER signatures only (Node crypto.verify), proof and X-OC-Signature alike. */
  derOnly: { ocid: 701, acceptance: { signatureEncodings: ["der"] } },
  /** Rebuilds the canonical request with Express req.path (below /opencharge, no query). */
  relativeOnly: { ocid: 702, acceptance: { requestPaths: ["relative"] } },
  /** The Merchant API example code: replacer, noble v1 verify (DER or compact), req.path, {"error": "Invalid signature"}. */
  docsExample: {
    ocid: 703,
    acceptance: { canonicalModes: ["replacer"], signatureEncodings: ["der", "compact"], requestPaths: ["relative"], errorShape: "plain" },
  },
  /** Has the wrong key for us, say: no signature of ours ever verifies. */
  refusesAll: { ocid: 704, acceptance: { signatureEncodings: [] } },
  /** The spec, leniently: the control. */
  spec: { ocid: 705, acceptance: {} },
} satisfies Record<string, { ocid: number; acceptance: SignatureAcceptance }>;

type ReceiverName = keyof typeof RECEIVERS;

let metadata: Awaited<ReturnType<typeof startGatewayMetadataServer>>;
const receivers = {} as Record<ReceiverName, SimulatedCounterparty>;

beforeAll(async () => {
  metadata = await startGatewayMetadataServer();
  for (const [name, { ocid, acceptance }] of Object.entries(RECEIVERS) as [ReceiverName, (typeof RECEIVERS)[ReceiverName]][]) {
    receivers[name] = await startSimulatedMerchant({
      ocid,
      acceptedIssuers: [GATEWAY_OCID],
      gatewayMetadataUrl: metadata.url,
      gatewayOcid: GATEWAY_OCID,
      acceptance: acceptance as SignatureAcceptance,
    });
  }
  useRegistry(Object.fromEntries(Object.values(receivers).map((r) => [r.ocid, r.metadataUrl])));
});

afterAll(async () => {
  for (const receiver of Object.values(receivers)) await receiver.close();
  await metadata.close();
});

let errors: ReturnType<typeof vi.spyOn>;

beforeEach(async () => {
  const client = await db();
  await client.delivery.deleteMany();
  await client.counterparty.deleteMany(); // no learned profile carries over from another case
  for (const [name, { acceptance }] of Object.entries(RECEIVERS) as [ReceiverName, (typeof RECEIVERS)[ReceiverName]][]) {
    receivers[name].setSignatureAcceptance(acceptance as SignatureAcceptance);
    receivers[name].setWebhookBehaviour("ok");
  }
  errors = vi.spyOn(console, "error").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

afterEach(() => {
  vi.restoreAllMocks();
});

const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

/** A wallet user pays `merchant` through the QR flow (real routes): the proof and its delivery are in the outbox. */
async function pay(merchant: SimulatedCounterparty, amount = "3.00") {
  const user = await makeUserWithToken();
  await topUpUser({ userId: user.id, amount, currency: "USD" });
  const session = await createSessionRoute(request("/api/wallet/sessions", { method: "POST", ...bearer(user.token) }), ctx({}));
  const { sessionId } = (await json(session)) as { sessionId: string };
  const order = merchant.buildOrder({ amount });
  const intake = await orderCreateRoute(
    signedRequest(merchant, "POST", `/opencharge/orders/create/${sessionId}`, { order, signature: merchant.signOrder(order) }),
    ctx({ sessionId }),
  );
  expect(intake.status).toBe(200);
  const confirmed = await confirmRoute(request(`/api/wallet/sessions/${sessionId}/confirm`, { method: "POST", ...bearer(user.token) }), ctx({ sessionId }));
  expect(confirmed.status).toBe(200);
  const { txid } = (await json(confirmed)) as { txid: string };
  const client = await db();
  const delivery = await client.delivery.findFirstOrThrow({ where: { proofTxid: txid } });
  return { txid, user, order, delivery };
}

async function load(id: string) {
  const client = await db();
  return client.delivery.findUniqueOrThrow({ where: { id }, include: { attemptLog: { orderBy: [{ startedAt: "asc" }, { id: "asc" }] } } });
}

async function receiptOf(txid: string, token: string) {
  return json(await receiptRoute(request(`/api/wallet/receipts/${txid}`, bearer(token)), ctx({ txid })));
}

/** The accepted proof signature verifies with our key over the variant's canonical form, in its encoding. */
function expectSignedAs(received: { proof: unknown; signature: unknown }, profile: SigningProfile) {
  const signature = received.signature as string;
  expect(signatureForm(signature)).toBe(profile.signatureEncoding);
  expect(verifyMessage(canonicalJson(received.proof, profile.proofCanonicalMode), signature, TEST_PUBLIC_KEY)).toBe(true);
}

async function wallet(...args: string[]) {
  try {
    const { stdout, stderr } = await run(tsx, ["scripts/wallet.ts", ...args], { env: process.env, timeout: 60_000 });
    return { code: 0, stdout, stderr, last: stdout.trim().split("\n").at(-1) ?? "" };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, last: e.stdout.trim().split("\n").at(-1) ?? "" };
  }
}

const SPEC = "recursive/rsv/full";

describe("a counterparty that refuses our signatures: the outbox learns its profile", () => {
  it.each([
    // receiver, the variant the walk stops at (the first in SIGNING_VARIANTS it accepts), requests made
    ["replacerOnly", { proofCanonicalMode: "replacer", signatureEncoding: "rsv", requestPath: "full" }, 2],
    ["derOnly", { proofCanonicalMode: "recursive", signatureEncoding: "der", requestPath: "full" }, 3],
    ["relativeOnly", { proofCanonicalMode: "recursive", signatureEncoding: "rsv", requestPath: "relative" }, 5],
    ["docsExample", { proofCanonicalMode: "replacer", signatureEncoding: "der", requestPath: "relative" }, 11],
  ] as const)("%s: refused, retried at once with the right variant, stored, and the next proof goes out right the first time", async (name, expected, requests) => {
    const receiver = receivers[name];
    const hitsBefore = receiver.hits.webhook;
    const first = await pay(receiver);

    expect(await deliverDue()).toBe(1);
    const row = await load(first.delivery.id);
    // One round, every request in the log with its variant: the spec first and refused, the last accepted.
    expect(row).toMatchObject({ status: "delivered", outcome: "accepted", attempts: 1, lockedUntil: null, leaseToken: null });
    expect(row.attemptLog).toHaveLength(requests);
    expect(row.attemptLog[0]).toMatchObject({ variant: SPEC });
    expect(row.attemptLog.at(-1)).toMatchObject({ variant: signingProfileName(expected), httpStatus: 200 });
    for (const refused of row.attemptLog.slice(0, -1)) expect([400, 401]).toContain(refused.httpStatus);
    expect(new Set(row.attemptLog.map((a) => a.variant)).size).toBe(requests);
    expect(receiver.hits.webhook - hitsBefore).toBe(requests);

    // The receiver accepted the proof that was queued: same object, re-signed as the variant says.
    const accepted = receiver.proofs.filter((p) => (p.proof as { txid?: string } | undefined)?.txid === first.txid && p.outcome === "accepted");
    expect(accepted).toHaveLength(1);
    const queued = JSON.parse(row.body) as { proof: unknown; signature: string };
    expect(accepted[0]!.proof).toEqual(queued.proof);
    expectSignedAs(accepted[0]!, expected);

    // Stored in its profile: it is a registry counterparty, so a "learned" row now wins.
    expect(await findCounterpartySource(receiver.ocid)).toMatchObject({ ...expected, source: "registry", profileLearnedAt: expect.any(String) });
    expect(await (await db()).counterparty.findUniqueOrThrow({ where: { ocid: receiver.ocid } })).toMatchObject({ origin: "learned", ...expected });
    expect(await receiptOf(first.txid, first.user.token)).toMatchObject({ merchantAcknowledgement: "acknowledged" });

    // The next payment: signed with the profile when paid, one request, accepted.
    const second = await pay(receiver);
    expectSignedAs(JSON.parse(second.delivery.body) as { proof: unknown; signature: string }, expected);
    const hits = receiver.hits.webhook;
    expect(await deliverDue()).toBe(1);
    const next = await load(second.delivery.id);
    expect(next).toMatchObject({ status: "delivered", outcome: "accepted", attempts: 1 });
    expect(next.attemptLog.map((a) => [a.variant, a.httpStatus])).toEqual([[signingProfileName(expected), 200]]);
    expect(receiver.hits.webhook - hits).toBe(1);
    expect(errors).not.toHaveBeenCalled();
  });

  it("a proof queued before the profile was learned goes out with the learned profile", async () => {
    const receiver = receivers.derOnly;
    const early = await pay(receiver);
    const late = await pay(receiver);
    // Both queued spec-signed; the first delivery learns, the second (same pass or later) uses it.
    await deliverDue({ limit: 1 });
    await deliverDue();
    expect((await load(early.delivery.id)).status).toBe("delivered");
    const row = await load(late.delivery.id);
    expect(row.status).toBe("delivered");
    expect(row.attemptLog.map((a) => a.variant)).toEqual(["recursive/der/full"]);
  });

  it("a spec receiver is never walked: one request, no profile stored", async () => {
    const { delivery } = await pay(receivers.spec);
    await deliverDue();
    expect((await load(delivery.id)).attemptLog.map((a) => [a.variant, a.httpStatus])).toEqual([[SPEC, 200]]);
    expect(await (await db()).counterparty.count()).toBe(0);
  });

  it("three workers at once: one round, one accepted delivery", async () => {
    const receiver = receivers.docsExample;
    const { txid, delivery } = await pay(receiver);
    const attempted = await Promise.all([deliverDue(), deliverDue(), deliverDue()]);
    expect(attempted.reduce((a, b) => a + b, 0)).toBe(1);
    expect((await load(delivery.id)).attemptLog).toHaveLength(11);
    expect(receiver.proofs.filter((p) => (p.proof as { txid?: string } | undefined)?.txid === txid && p.outcome === "accepted")).toHaveLength(1);
  });

  it("a worker that lost its lease mid-walk stops and writes nothing", async () => {
    const receiver = receivers.derOnly;
    const { delivery } = await pay(receiver);
    const client = await db();
    const lease = newLease(new Date());
    // Another worker holds the row now (its lease token is not ours).
    await client.delivery.update({ where: { id: delivery.id }, data: { leaseToken: "someone-else", lockedUntil: new Date(Date.now() + 60_000) } });
    const row = await client.delivery.findUniqueOrThrow({ where: { id: delivery.id } });
    const result = await attemptDelivery(row, lease);
    expect(result.leaseHeld).toBe(false);
    expect(result.requests).toHaveLength(1); // refused, then the renewal failed: no second request
    expect(await load(delivery.id)).toMatchObject({ status: "pending", attempts: 0, leaseToken: "someone-else" });
    expect(await client.counterparty.count()).toBe(0);
  });
});

describe("no silent failure", () => {
  it("a receiver that refuses every variant: rejected, logged, listed, and the receipt says so", async () => {
    const receiver = receivers.refusesAll;
    const { txid, user, delivery } = await pay(receiver);
    expect(await receiptOf(txid, user.token)).toMatchObject({ merchantAcknowledgement: "pending" });

    await deliverDue();
    const row = await load(delivery.id);
    expect(row.status).toBe("rejected");
    expect(row.outcome).toMatch(/^refused with HTTP 401: INVALID_SIGNATURE .*every signing variant was refused: 12 tried/);
    expect(row.attemptLog).toHaveLength(12);
    expect(new Set(row.attemptLog.map((a) => a.variant)).size).toBe(12);
    expect(await findCounterpartySource(receiver.ocid)).toMatchObject({ source: "registry", profileLearnedAt: null, signatureEncoding: "rsv" });
    expect(await (await db()).counterparty.count()).toBe(0);
    // Nobody is left unaware: the operator's log, without secrets, and the payer's receipt.
    expect(errors).toHaveBeenCalledTimes(1);
    const logged = String(errors.mock.calls[0]![0]);
    expect(logged).toContain(delivery.id);
    expect(logged).toContain(`OCID ${receiver.ocid} rejected`);
    expect(logged).not.toContain(TEST_PRIVATE_KEY);
    expect(await receiptOf(txid, user.token)).toMatchObject({ merchantAcknowledgement: "refused" });

    // Not due again.
    expect(await deliverDue({ now: new Date(Date.now() + 48 * 3600_000) })).toBe(0);

    expect(await listDeliveries({ status: "rejected" })).toEqual([
      expect.objectContaining({ id: delivery.id, targetOcid: receiver.ocid, proofTxid: txid, status: "rejected", requests: 12, attempts: 1 }),
    ]);
    expect(await listDeliveries({ status: "rejected", ocid: receivers.spec.ocid })).toEqual([]);
    expect(await listDeliveries({ status: "pending" })).toEqual([]);
  });

  it("a 2xx answer {status: \"rejected\"} ends rejected, not delivered", async () => {
    const receiver = receivers.spec;
    const { delivery, txid } = await pay(receiver);
    await deliverDue();
    expect((await load(delivery.id)).status).toBe("delivered");
    // The same order paid again through a second delivery of another proof: the merchant says "already paid".
    const client = await db();
    const body = JSON.parse(delivery.body) as { proof: { txid: string } };
    body.proof.txid = `${txid}_again`;
    const again = await client.delivery.create({
      data: { kind: "transfer.webhook", targetOcid: receiver.ocid, path: "/transfer/webhook", body: JSON.stringify(body), proofTxid: body.proof.txid },
    });
    await deliverDue();
    expect(await load(again.id)).toMatchObject({ status: "rejected", outcome: "rejected: Order already paid" });
    expect(errors).toHaveBeenCalledTimes(1);
  });

  it("a delivery that gets no answer for 24 hours ends failed and the receipt says the merchant was unreachable", async () => {
    const receiver = receivers.spec;
    const { txid, user, delivery } = await pay(receiver);
    receiver.setWebhookBehaviour("error500");
    const client = await db();
    await client.delivery.update({ where: { id: delivery.id }, data: { createdAt: new Date(Date.now() - 25 * 3600_000) } });
    await deliverDue();
    expect(await load(delivery.id)).toMatchObject({ status: "failed", outcome: "gave up after 24 hours of retries" });
    expect(await receiptOf(txid, user.token)).toMatchObject({ merchantAcknowledgement: "unreachable" });
    expect((await listDeliveries({ status: "failed" })).map((d) => d.id)).toEqual([delivery.id]);
    expect(errors).toHaveBeenCalledTimes(1);
  });

  it("deliveries:list and deliveries:redeliver from the command line: the same signed proof, once accepted, never twice", async () => {
    const receiver = receivers.refusesAll;
    const { txid, user, delivery } = await pay(receiver);
    const other = await pay(receivers.spec);
    await deliverDue();

    const listed = await wallet("deliveries:list", "--status", "rejected");
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.last)).toEqual([expect.objectContaining({ id: delivery.id, proofTxid: txid, status: "rejected", targetOcid: receiver.ocid })]);
    const all = JSON.parse((await wallet("deliveries:list")).last) as { id: string }[];
    expect(all.map((d) => d.id).sort()).toEqual([delivery.id, other.delivery.id].sort());
    const byOcid = JSON.parse((await wallet("deliveries:list", "--ocid", String(receivers.spec.ocid))).last) as { id: string; status: string }[];
    expect(byOcid).toEqual([expect.objectContaining({ id: other.delivery.id, status: "delivered" })]);
    const badStatus = await wallet("deliveries:list", "--status", "lost");
    expect(badStatus.code).not.toBe(0);
    expect(badStatus.stderr).toMatch(/Invalid status/);

    // The operator fixed the key mismatch at the merchant; a fresh attempt of the same proof, now.
    receiver.setSignatureAcceptance({});
    const hits = receiver.hits.webhook;
    const redelivered = await wallet("deliveries:redeliver", delivery.id);
    expect(redelivered.code).toBe(0);
    expect(redelivered.stdout).toContain(`Delivery ${delivery.id} to OCID ${receiver.ocid}: delivered (accepted)`);
    expect(JSON.parse(redelivered.last)).toMatchObject({ id: delivery.id, proofTxid: txid, status: "delivered", requests: [{ variant: SPEC, httpStatus: 200 }] });
    expect(receiver.hits.webhook - hits).toBe(1);
    const row = await load(delivery.id);
    expect(row).toMatchObject({ status: "delivered", outcome: "accepted", attempts: 2, redeliveredAt: expect.any(Date) });
    expect(row.attemptLog).toHaveLength(13);
    const accepted = receiver.proofs.filter((p) => (p.proof as { txid?: string } | undefined)?.txid === txid && p.outcome === "accepted");
    expect(accepted).toHaveLength(1);
    expect(accepted[0]!.proof).toEqual((JSON.parse(row.body) as { proof: unknown }).proof);
    expect(await receiptOf(txid, user.token)).toMatchObject({ merchantAcknowledgement: "acknowledged" });

    // Accepted once: never sent again.
    const twice = await wallet("deliveries:redeliver", delivery.id);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toMatch(/already accepted/);
    expect(receiver.hits.webhook - hits).toBe(1);
    const missing = await wallet("deliveries:redeliver");
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/ID is required/);
    const unknown = await wallet("deliveries:redeliver", "no_such_delivery");
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/No delivery "no_such_delivery"/);
  }, 120_000);

  it("deliveries:redeliver of a still-refused proof walks the variants again and stays rejected", async () => {
    const receiver = receivers.refusesAll;
    const { delivery } = await pay(receiver);
    await deliverDue();
    const again = await wallet("deliveries:redeliver", delivery.id);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.last)).toMatchObject({ status: "rejected" });
    expect(JSON.parse(again.last).requests).toHaveLength(12);
    expect(await load(delivery.id)).toMatchObject({ status: "rejected", attempts: 2 });
  }, 60_000);
});
