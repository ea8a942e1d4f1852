/**
 * Two app instances on one PostgreSQL database, as behind a load balancer: the instance global-setup started
 * (A) and a second one started here (B) with the same database, secrets, gateway identity and registry file.
 * Each runs its own delivery worker; the outbox claim, the guarded updates and the serializable payment
 * transaction must keep one payment one payment whichever instance a request lands on.
 */
import { expect, test } from "@playwright/test";
import pg from "pg";
import type { AppServer } from "../scripts/lib/app-server";
import { startSimulatedMerchant } from "./simulators";
import type { SimulatedCounterparty } from "./simulators/counterparty-server";
import { newEmail, PASSWORD } from "./support/accounts";
import { walletCliAsync } from "./support/cli";
import { E2E_BASE_URL, E2E_DATABASE_URL, E2E_GATEWAY_OCID, E2E_PORT, E2E_POSTGRES_SERVER } from "./support/config";
import { freshOcid, registerCounterparty } from "./support/registry";
import { startSecondInstance } from "./support/second-instance";

test.skip(!E2E_POSTGRES_SERVER, "PostgreSQL only: several app instances need a database server (SQLite is one file for one process); run with npm run test:pg");
// Serial: the last test checks the ledger after the others' payments.
test.describe.configure({ mode: "serial", timeout: 120_000 });

const A = E2E_BASE_URL;
let second: AppServer | undefined;
let B: string;
let merchant: SimulatedCounterparty;

type Json = Record<string, unknown>;

test.beforeAll(async () => {
  // npm start of the second instance: migrations found applied, the build found current (or built, if the sources changed).
  test.setTimeout(300_000);
  second = await startSecondInstance(E2E_PORT + 1);
  B = second.baseUrl;
  merchant = await startSimulatedMerchant({
    ocid: freshOcid(),
    acceptedIssuers: [E2E_GATEWAY_OCID],
    gatewayMetadataUrl: `${A}/opencharge/metadata.json`,
    gatewayOcid: E2E_GATEWAY_OCID,
    name: "Two Till Bakery",
  });
  registerCounterparty(merchant.ocid, merchant.metadataUrl);
});

test.afterAll(async () => {
  await merchant?.close();
  await second?.stop();
});

/** A user with 20.00 USD and a personal access token, made with the wallet CLI. */
async function userWithToken(): Promise<{ email: string; auth: Record<string, string> }> {
  const email = newEmail("multi");
  await walletCliAsync("user:create", "--email", email, "--password", PASSWORD);
  await walletCliAsync("topup", "--email", email, "--amount", "20.00", "--currency", "USD");
  return { email, auth: { authorization: `Bearer ${await walletCliAsync("token:create", "--email", email)}` } };
}

async function call(base: string, path: string, auth: Record<string, string>, method: "GET" | "POST" = "GET"): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${base}${path}`, { method, headers: auth });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}

/** A pay session opened on `openOn`, whose order the merchant posts to `postTo` (the path is what is signed). */
async function sessionWithOrder(auth: Record<string, string>, openOn: string, postTo: string) {
  const created = await call(openOn, "/api/wallet/sessions", auth, "POST");
  expect(created.status).toBe(201);
  const sessionId = created.body.sessionId as string;
  const orderUrl = (created.body.qrPayload as { order: string }).order.replace(openOn, postTo);
  expect(orderUrl).toBe(`${postTo}/opencharge/orders/create/${sessionId}`);
  const order = merchant.buildOrder({ amount: "7.50", items: [{ id: "loaf", name: "Sourdough loaf", quantity: 1, price: "7.50" }] });
  const response = await merchant.signedFetch(orderUrl, {
    method: "POST",
    body: { order, signature: merchant.signOrder(order), urls: { completed: `${merchant.url}/done`, cancelled: `${merchant.url}/cancel` } },
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return { sessionId, order };
}

async function usdBalance(base: string, auth: Record<string, string>): Promise<string | undefined> {
  const { status, body } = await call(base, "/api/wallet/balance", auth);
  expect(status).toBe(200);
  return (body.balances as Array<{ currency: string; amount: string }>).find((b) => b.currency === "USD")?.amount;
}

async function deliveriesOf(txid: string): Promise<Array<{ status: string; attempts: number }>> {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<{ status: string; attempts: number }>(`SELECT "status", "attempts" FROM "Delivery" WHERE "proofTxid" = $1`, [txid])).rows;
  } finally {
    await client.end();
  }
}

test("the second instance is another server with the same gateway identity", async () => {
  expect(B).not.toBe(A);
  const identity = async (base: string) => {
    const response = await fetch(`${base}/opencharge/metadata.json`);
    expect(response.status).toBe(200);
    const metadata = (await response.json()) as { config?: { publicKey?: string }; publicKey?: string };
    return { ocid: response.headers.get("x-oc-id"), publicKey: metadata.config?.publicKey ?? metadata.publicKey };
  };
  const [a, b] = [await identity(A), await identity(B)];
  expect(a).toEqual({ ocid: String(E2E_GATEWAY_OCID), publicKey: expect.stringMatching(/^(0x)?[0-9a-f]{64,130}$/i) });
  expect(b).toEqual(a);
});

test("twenty concurrent confirms of one session spread across two instances: one payment, one debit, one proof, one delivery", async () => {
  const { auth } = await userWithToken();
  // Opened on A, the order taken by B.
  const { sessionId, order } = await sessionWithOrder(auth, A, B);
  // Both instances have loaded the confirm route before the race (a cold route would spread the requests out in time).
  for (const base of [A, B]) expect((await call(base, "/api/wallet/sessions/0000000000000000000000000000000000000000/confirm", auth, "POST")).status).toBe(404);

  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => call(i % 2 === 0 ? A : B, `/api/wallet/sessions/${sessionId}/confirm`, auth, "POST")));

  const completed = results.filter((r) => r.status === 200);
  expect(completed, JSON.stringify(results.map((r) => r.status))).toHaveLength(1);
  expect(completed[0]!.body).toMatchObject({ status: "completed", txid: expect.stringMatching(/^oc_[0-9a-f]{32}$/) });
  const txid = completed[0]!.body.txid as string;
  for (const refused of results.filter((r) => r.status !== 200)) {
    // A clean refusal: a client error in the error envelope, never a 5xx (an exhausted retry, a deadlock, a lost race).
    expect(refused.status, JSON.stringify(refused.body)).toBeGreaterThanOrEqual(400);
    expect(refused.status, JSON.stringify(refused.body)).toBeLessThan(500);
    expect(refused.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  }

  // One debit: 20.00 − 7.50, seen alike by both instances.
  expect(await usdBalance(A, auth)).toBe("12.50");
  expect(await usdBalance(B, auth)).toBe("12.50");
  const transactions = await call(B, "/api/wallet/transactions", auth);
  expect(transactions.status).toBe(200);
  // One history entry for the payment (its receiptId is the txid too, so count entries, not occurrences).
  const entries = (transactions.body as { transactions: Array<{ kind: string; txid?: string }> }).transactions;
  expect(entries.filter((entry) => entry.txid === txid)).toHaveLength(1);
  expect(entries.filter((entry) => entry.kind === "payment")).toHaveLength(1);

  // One proof at the merchant, accepted, and no second one from the other instance's worker.
  await expect.poll(() => merchant.findProof(txid)?.outcome, { timeout: 15_000 }).toBe("accepted");
  await expect.poll(async () => (await deliveriesOf(txid)).map((d) => d.status), { timeout: 15_000 }).toEqual(["delivered"]);
  await new Promise((resolve) => setTimeout(resolve, 2_000)); // both workers poll in this time: a double send would show
  const proofs = merchant.proofs.filter((p) => (p.proof as { to?: { reference?: string } } | undefined)?.to?.reference === order.id);
  expect(proofs.map((p) => p.outcome)).toEqual(["accepted"]);
  expect(await deliveriesOf(txid)).toEqual([{ status: "delivered", attempts: 1 }]);
  const listed = JSON.parse(await walletCliAsync("deliveries:list", "--ocid", String(merchant.ocid))) as Array<{ proofTxid?: string | null; status: string }>;
  expect(listed.filter((d) => JSON.stringify(d).includes(txid)).map((d) => d.status)).toEqual(["delivered"]);
});

test("a payment made on one instance is seen at once on the other", async () => {
  const { auth } = await userWithToken();
  for (const [payOn, readOn, balanceAfter] of [[A, B, "12.50"], [B, A, "5.00"]] as const) {
    const { sessionId } = await sessionWithOrder(auth, payOn, payOn);
    const confirmed = await call(payOn, `/api/wallet/sessions/${sessionId}/confirm`, auth, "POST");
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    // Right after the answer, no waiting: the other instance reads the same committed state.
    const seen = await call(readOn, `/api/wallet/sessions/${sessionId}`, auth);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ sessionId, status: "completed", txid: confirmed.body.txid });
    expect(await usdBalance(readOn, auth)).toBe(balanceAfter);
    // And the other instance refuses to pay it again.
    expect((await call(readOn, `/api/wallet/sessions/${sessionId}/confirm`, auth, "POST")).status).toBe(409);
    await expect.poll(() => merchant.findProof(confirmed.body.txid as string)?.outcome, { timeout: 15_000 }).toBe("accepted");
  }
});

test("the ledger balances after the payments on two instances", async () => {
  expect(await walletCliAsync("ledger:check")).toMatch(/^Ledger OK: /);
});
