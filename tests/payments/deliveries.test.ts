import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { deliverDue } from "@/lib/deliveries/deliver-due";
import { enqueueDelivery } from "@/lib/deliveries/enqueue-delivery";
import { startDeliveryWorker, stopDeliveryWorker } from "@/lib/deliveries/worker";
import { signObject } from "@/lib/opencharge/signed-objects";
import {
  GATEWAY_OCID,
  startMerchantWorld,
  type SimulatedCounterparty,
} from "@/tests/support/protocol-fixtures";

let world: Awaited<ReturnType<typeof startMerchantWorld>>;
let merchant: SimulatedCounterparty;
let deadMerchant: SimulatedCounterparty;

beforeAll(async () => {
  world = await startMerchantWorld(2, 600);
  // deadMerchant: registered, then its server goes away: metadata is cached, the webhook is unreachable.
  [merchant, deadMerchant] = world.merchants as [SimulatedCounterparty, SimulatedCounterparty];
});

// Each case starts with an empty outbox, so deliveries left pending by another case are not due here.
beforeEach(async () => {
  const client = await db();
  await client.delivery.deleteMany();
  merchant.setWebhookBehaviour("ok");
});

afterAll(() => world.close());

/** A proof for an order the merchant knows, in the outbox, as payOrder leaves it. */
async function queuedProof(target: SimulatedCounterparty, now = new Date()) {
  const order = target.buildOrder({ amount: "3.00" });
  const proof = {
    txid: `oc_test_${Math.random().toString(16).slice(2)}`,
    issuer: GATEWAY_OCID,
    from: { ocid: GATEWAY_OCID, reference: "posting_1" },
    to: { ocid: target.ocid, reference: order.id },
    amount: order.amount,
    currency: order.currency,
    timestamp: Math.floor(now.getTime() / 1000),
  };
  const body = JSON.stringify({ proof, signature: signObject(proof) });
  return inTransaction(undefined, (tx) =>
    enqueueDelivery(tx, { kind: "transfer.webhook", targetOcid: target.ocid, path: "/transfer/webhook", body, proofTxid: proof.txid, now }),
  );
}

async function load(id: string) {
  const client = await db();
  return client.delivery.findUniqueOrThrow({ where: { id }, include: { attemptLog: { orderBy: { startedAt: "asc" } } } });
}

const noJitter = () => 0.5;

describe("proof delivery with retries", () => {
  it("retries a webhook answering 500 with backoff, the same proof each time, until it is accepted", async () => {
    const t0 = new Date();
    const delivery = await queuedProof(merchant, t0);
    merchant.setWebhookBehaviour("error500");
    const hitsBefore = merchant.hits.webhook;

    expect(await deliverDue({ now: t0, random: noJitter })).toBe(1);
    let row = await load(delivery.id);
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "HTTP 500" });
    expect(row.nextAttemptAt.getTime() - t0.getTime()).toBe(5_000);
    expect(row.attemptLog[0]).toMatchObject({ httpStatus: 500, url: `${merchant.endpoint}/transfer/webhook` });
    expect(row.attemptLog[0]!.responseExcerpt).toBeTruthy();

    // Not due before its time.
    expect(await deliverDue({ now: new Date(t0.getTime() + 4_000), random: noJitter })).toBe(0);

    const t1 = new Date(t0.getTime() + 5_000);
    expect(await deliverDue({ now: t1, random: noJitter })).toBe(1);
    row = await load(delivery.id);
    expect(row.attempts).toBe(2);
    expect(row.nextAttemptAt.getTime() - t1.getTime()).toBe(10_000);

    merchant.setWebhookBehaviour("status429");
    const t2 = new Date(t1.getTime() + 10_000);
    await deliverDue({ now: t2, random: noJitter });
    row = await load(delivery.id);
    expect(row).toMatchObject({ status: "pending", attempts: 3, lastError: "HTTP 429" });

    merchant.setWebhookBehaviour("ok");
    await deliverDue({ now: new Date(t2.getTime() + 20_000), random: noJitter });
    row = await load(delivery.id);
    expect(row).toMatchObject({ status: "delivered", outcome: "accepted", attempts: 4 });
    expect(row.attemptLog.map((a) => a.httpStatus)).toEqual([500, 500, 429, 200]);
    expect(merchant.hits.webhook - hitsBefore).toBe(4);
    // The proof the merchant finally accepted is the one queued, byte for byte.
    expect(JSON.stringify({ proof: merchant.proofs.at(-1)!.proof, signature: merchant.proofs.at(-1)!.signature })).toBe(row.body);
  });

  it("retries a webhook that hangs (timeout) without blocking anything else", async () => {
    const delivery = await queuedProof(merchant);
    merchant.setWebhookBehaviour("hang");
    const started = Date.now();
    await deliverDue({ attemptTimeoutMs: 300, random: noJitter });
    expect(Date.now() - started).toBeLessThan(5_000);
    const row = await load(delivery.id);
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.lastError).toMatch(/^timeout/);
    expect(row.attemptLog[0]).toMatchObject({ httpStatus: null });
    merchant.setWebhookBehaviour("ok");
  });

  it("retries an unreachable webhook", async () => {
    await deadMerchant.close();
    const delivery = await queuedProof(deadMerchant);
    await deliverDue({ random: noJitter });
    const row = await load(delivery.id);
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.lastError).toMatch(/network|METADATA_UNAVAILABLE|unavailable|refused/i);
  });

  it("stops on a 4xx refusal and records it", async () => {
    const delivery = await queuedProof(merchant);
    const client = await db();
    // A proof for an order the merchant never made: it answers 400 ORDER_NOT_FOUND.
    const body = JSON.parse(delivery.body) as { proof: { to: { reference: string } } };
    body.proof.to.reference = "ord_unknown";
    const resigned = { proof: body.proof, signature: signObject(body.proof) };
    await client.delivery.update({ where: { id: delivery.id }, data: { body: JSON.stringify(resigned) } });
    await deliverDue({ random: noJitter });
    const row = await load(delivery.id);
    expect(row.status).toBe("rejected");
    expect(row.outcome).toMatch(/refused with HTTP 400: ORDER_NOT_FOUND/);
    // Not a signature error: no other signing variant is tried.
    expect(row.attemptLog.map((a) => a.variant)).toEqual(["recursive/rsv/full"]);
    expect(await deliverDue({ now: new Date(Date.now() + 3600_000) })).toBe(0);
  });

  it("gives up after 24 hours of failures", async () => {
    const created = new Date(Date.now() - 25 * 3600_000);
    const delivery = await queuedProof(merchant, created);
    merchant.setWebhookBehaviour("error500");
    await deliverDue({ random: noJitter });
    const row = await load(delivery.id);
    expect(row).toMatchObject({ status: "failed", outcome: "gave up after 24 hours of retries" });
    merchant.setWebhookBehaviour("ok");
  });

  it("a delivery left pending by a stopped server is sent when a worker starts again", async () => {
    const delivery = await queuedProof(merchant);
    // A worker that crashed mid-send leaves its lease behind; it expires.
    const client = await db();
    await client.delivery.update({ where: { id: delivery.id }, data: { lockedUntil: new Date(Date.now() - 1) } });
    await disconnectDb(); // "restart": a fresh connection, a fresh worker
    startDeliveryWorker();
    try {
      for (let i = 0; i < 50 && (await load(delivery.id)).status === "pending"; i++) await new Promise((r) => setTimeout(r, 100));
    } finally {
      stopDeliveryWorker();
    }
    expect(await load(delivery.id)).toMatchObject({ status: "delivered", outcome: "accepted" });
  });

  it("two workers never send the same delivery twice", async () => {
    const delivery = await queuedProof(merchant);
    const hitsBefore = merchant.hits.webhook;
    const sent = await Promise.all([deliverDue(), deliverDue(), deliverDue()]);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    expect(merchant.hits.webhook - hitsBefore).toBe(1);
    expect((await load(delivery.id)).status).toBe("delivered");
  });
});
