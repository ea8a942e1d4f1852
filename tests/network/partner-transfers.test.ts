/**
 * Partners with a reserve (issue 14, item 2): partner:add / partner:fund open and fund a partner gateway's
 * reserve; POST /opencharge/transfer/create, signed by that partner (a simulated gateway with its own key),
 * debits it and credits a user, a payment request, one of our merchants, or another OCID (to which our
 * proof is delivered through the outbox), answering {proof, signature} signed by us.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as transferCreate } from "@/app/opencharge/transfer/create/route";
import { db } from "@/lib/db";
import { deliverDue } from "@/lib/deliveries/deliver-due";
import { ocidOwner } from "@/lib/ledger/accounts";
import { formatAmount } from "@/lib/money";
import { addPartner, fundPartner, listPartners } from "@/lib/network/partners";
import { verifySignedObject } from "@/lib/opencharge/signed-objects";
import { TEST_PUBLIC_KEY } from "@/lib/opencharge/test-vectors";
import { startSimulatedIssuer, type SimulatedIssuer } from "@/e2e/simulators/issuer";
import { startSimulatedMerchant } from "@/e2e/simulators";
import type { SimulatedCounterparty } from "@/e2e/simulators/counterparty-server";
import { GATEWAY_OCID, signedRequest, startGatewayMetadataServer, useRegistry } from "@/tests/support/protocol-fixtures";
import { noParams } from "@/tests/support/factories";
import {
  createRequest,
  expectLedgerBalanced,
  makeMerchantWithKey,
  makePayer,
  merchantApi,
  merchantBalance,
  userBalance,
} from "@/tests/payment-requests/support/fixtures";

let metadata: Awaited<ReturnType<typeof startGatewayMetadataServer>>;
let partner: SimulatedIssuer;
let noReserve: SimulatedIssuer;
let shop: SimulatedCounterparty;

beforeAll(async () => {
  metadata = await startGatewayMetadataServer();
  partner = await startSimulatedIssuer({ ocid: 300, gatewayMetadataUrl: metadata.url, name: "Partner Gateway 300" });
  noReserve = await startSimulatedIssuer({ ocid: 301, gatewayMetadataUrl: metadata.url });
  shop = await startSimulatedMerchant({ ocid: 500, acceptedIssuers: [GATEWAY_OCID], gatewayMetadataUrl: metadata.url, gatewayOcid: GATEWAY_OCID });
  useRegistry({ 300: partner.metadataUrl, 301: noReserve.metadataUrl, 500: shop.metadataUrl });
  await addPartner({ ocid: 300, currency: "USD", creditLimit: "50.00" });
  await fundPartner({ ocid: 300, amount: "100.00", currency: "USD" });
});

afterAll(async () => {
  await shop.close();
  await noReserve.close();
  await partner.close();
  await metadata.close();
});

async function create(sender: SimulatedIssuer, body: unknown) {
  const response = await transferCreate(signedRequest(sender, "POST", "/opencharge/transfer/create", body), noParams);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const fromPartner = { ocid: 300, reference: "their_user_7" };

async function reserveBalance(): Promise<bigint> {
  const client = await db();
  return (await client.ledgerAccount.findFirstOrThrow({ where: { type: "reserve", owner: ocidOwner(300), currency: "USD" } })).balance;
}

async function counts() {
  const client = await db();
  return { transfers: await client.issuedTransfer.count(), postings: await client.ledgerTransaction.count(), deliveries: await client.delivery.count() };
}

describe("POST /opencharge/transfer/create", () => {
  it("credits a user by handle, debits the partner's reserve, and answers our signed proof", async () => {
    const user = await makePayer();
    const before = await reserveBalance();
    const answer = await create(partner, { from: fromPartner, to: { ocid: GATEWAY_OCID, reference: user.handle }, amount: "12.00", currency: "USD", memo: "Remittance" });
    expect(answer.status).toBe(200);
    const { proof, signature } = answer.body;
    expect(proof).toEqual({
      txid: expect.stringMatching(/^oc_/),
      issuer: GATEWAY_OCID,
      from: fromPartner,
      to: { ocid: GATEWAY_OCID, reference: user.handle },
      amount: "12.00",
      currency: "USD",
      timestamp: expect.any(Number),
      memo: "Remittance",
    });
    expect(verifySignedObject(proof, signature, TEST_PUBLIC_KEY)).toBe("recursive");
    expect(await userBalance(user.id, "USD")).toBe("12.00");
    expect(await reserveBalance()).toBe(before - 1200n);
    const client = await db();
    expect(await client.issuedTransfer.findUniqueOrThrow({ where: { txid: proof.txid } })).toMatchObject({ partnerOcid: 300, creditedTo: "user", userId: user.id });
    await expectLedgerBalanced();
  });

  it("pays a payment request named by to.reference or order.id, and credits one of our merchants by handle", async () => {
    const { merchant, key } = await makeMerchantWithKey();
    const request = await createRequest(key, { value: { amount: "8.00", currency: "USD" } });
    const byOrder = await create(partner, { from: fromPartner, to: { ocid: GATEWAY_OCID }, order: { id: request.id, urls: [] }, amount: "8.00", currency: "USD" });
    expect(byOrder.status).toBe(200);
    expect(byOrder.body.proof.to).toEqual({ ocid: GATEWAY_OCID, reference: request.id });
    const view = (await merchantApi.get(key, request.id)).body;
    expect(view).toMatchObject({ status: "DONE", amountPaid: "8.00", related: [{ type: "payment", value: byOrder.body.proof.txid }] });
    const byHandle = await create(partner, { from: fromPartner, to: { ocid: GATEWAY_OCID, reference: `@${merchant.handle}` }, amount: "2.00", currency: "USD" });
    expect(byHandle.status).toBe(200);
    expect(await merchantBalance(merchant.id, "USD")).toBe("10.00");
    await expectLedgerBalanced();
  });

  it("pays another OCID: we owe it, and our proof reaches its /transfer/webhook through the outbox", async () => {
    const order = shop.buildOrder({ amount: "5.00", currency: "USD" });
    shop.trackOrder(order);
    const answer = await create(partner, { from: fromPartner, to: { ocid: 500 }, order: { id: order.id }, amount: "5.00", currency: "USD" });
    expect(answer.status).toBe(200);
    const txid = answer.body.proof.txid;
    while ((await deliverDue()) > 0) {
      // drain the outbox
    }
    expect(shop.findProof(txid)).toMatchObject({ outcome: "accepted", senderOcid: String(GATEWAY_OCID) });
    const client = await db();
    const owed = await client.ledgerAccount.findFirstOrThrow({ where: { type: "merchant", owner: ocidOwner(500), currency: "USD" } });
    expect(owed.balance).toBeGreaterThanOrEqual(500n);
    await expectLedgerBalanced();
  });

  it("uses the credit limit and no more: 402 beyond it, nothing moved", async () => {
    const user = await makePayer();
    const available = (await reserveBalance()) + 5000n;
    const tooMuch = formatAmount(available + 1n, "USD");
    const before = await counts();
    const refused = await create(partner, { from: fromPartner, to: { ocid: GATEWAY_OCID, reference: user.handle }, amount: tooMuch, currency: "USD" });
    expect(refused.status).toBe(402);
    expect(refused.body.error.code).toBe("INSUFFICIENT_FUNDS");
    expect(await counts()).toEqual(before);
    const exact = formatAmount(available, "USD");
    expect((await create(partner, { from: fromPartner, to: { ocid: GATEWAY_OCID, reference: user.handle }, amount: exact, currency: "USD" })).status).toBe(200);
    expect(await reserveBalance()).toBe(-5000n);
    expect((await listPartners()).find((p) => p.ocid === 300 && p.currency === "USD")).toMatchObject({ balance: "-50.00", creditLimit: "50.00", available: "0.00" });
    await expectLedgerBalanced();
    await fundPartner({ ocid: 300, amount: "100.00", currency: "USD" });
  });

  it("refuses a caller without a reserve, debiting someone else's, unknown accounts and bad bodies (nothing moved)", async () => {
    const user = await makePayer();
    const to = { ocid: GATEWAY_OCID, reference: user.handle };
    const before = await counts();
    const cases: Array<[string, SimulatedIssuer, unknown, number, string]> = [
      ["no reserve", noReserve, { from: { ocid: 301 }, to, amount: "1.00", currency: "USD" }, 401, "UNAUTHORIZED"],
      ["no reserve in that currency", partner, { from: fromPartner, to, amount: "1.00", currency: "EUR" }, 401, "UNAUTHORIZED"],
      ["someone else's reserve", noReserve, { from: fromPartner, to, amount: "1.00", currency: "USD" }, 401, "UNAUTHORIZED"],
      ["unknown user", partner, { from: fromPartner, to: { ocid: GATEWAY_OCID, reference: "nobody_here" }, amount: "1.00", currency: "USD" }, 400, "ACCOUNT_NOT_FOUND"],
      ["no reference", partner, { from: fromPartner, to: { ocid: GATEWAY_OCID }, amount: "1.00", currency: "USD" }, 400, "ACCOUNT_NOT_FOUND"],
      ["unknown OCID", partner, { from: fromPartner, to: { ocid: 999 }, amount: "1.00", currency: "USD" }, 400, "ACCOUNT_NOT_FOUND"],
      ["negative", partner, { from: fromPartner, to, amount: "-1.00", currency: "USD" }, 400, "INVALID_AMOUNT"],
      ["over-precise", partner, { from: fromPartner, to, amount: "1.001", currency: "USD" }, 400, "INVALID_AMOUNT"],
      ["unknown currency", partner, { from: fromPartner, to, amount: "1.00", currency: "XYZ" }, 400, "UNSUPPORTED_CURRENCY"],
      ["numeric amount", partner, { from: fromPartner, to, amount: 1, currency: "USD" }, 400, "VALIDATION_ERROR"],
      ["no to", partner, { from: fromPartner, amount: "1.00", currency: "USD" }, 400, "VALIDATION_ERROR"],
      ["not JSON", partner, "{nope", 400, "INVALID_JSON"],
    ];
    for (const [name, sender, body, status, code] of cases) {
      const answer = await create(sender, body);
      expect(answer.status, name).toBe(status);
      expect(answer.body.error.code, name).toBe(code);
    }
    expect(await counts()).toEqual(before);
    expect(await userBalance(user.id, "USD")).toBe("0.00");
  });

  it("many transfers at once never overdraw the reserve beyond its limit", async () => {
    await addPartner({ ocid: 300, currency: "EUR", creditLimit: "0" });
    await fundPartner({ ocid: 300, amount: "10.00", currency: "EUR" });
    const user = await makePayer();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => create(partner, { from: fromPartner, to: { ocid: GATEWAY_OCID, reference: user.handle }, amount: "3.00", currency: "EUR" })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
    for (const a of answers) if (a.status !== 200) expect(a.status).toBe(402);
    expect(await userBalance(user.id, "EUR")).toBe("9.00");
    await expectLedgerBalanced();
  });
});

describe("partner:add / partner:fund / partner:list (CLI)", () => {
  const run = promisify(execFile);
  const wallet = async (...args: string[]) => {
    try {
      const { stdout } = await run(path.resolve("node_modules/.bin/tsx"), ["scripts/wallet.ts", ...args], { env: process.env, timeout: 30_000 });
      return { code: 0, last: stdout.trim().split("\n").at(-1) ?? "" };
    } catch (error) {
      const e = error as { code: number; stderr: string };
      return { code: e.code, last: e.stderr.trim() };
    }
  };

  it("opens, funds and lists a reserve, and refuses funding one that was never opened", async () => {
    expect(JSON.parse((await wallet("partner:add", "--ocid", "777", "--currency", "usd", "--credit-limit", "20")).last)).toEqual({
      ocid: 777,
      currency: "USD",
      balance: "0.00",
      creditLimit: "20.00",
      available: "20.00",
    });
    expect(JSON.parse((await wallet("partner:fund", "--ocid", "777", "--amount", "30.00", "--currency", "USD")).last)).toMatchObject({ balance: "30.00", available: "50.00" });
    expect(JSON.parse((await wallet("partner:list")).last)).toEqual(expect.arrayContaining([expect.objectContaining({ ocid: 777, balance: "30.00" })]));
    const never = await wallet("partner:fund", "--ocid", "778", "--amount", "1.00", "--currency", "USD");
    expect(never.code).not.toBe(0);
    expect(never.last).toMatch(/partner:add first/);
    const bad = await wallet("partner:add", "--ocid", "abc", "--currency", "USD");
    expect(bad.code).not.toBe(0);
    await expectLedgerBalanced();
  }, 60_000);
});
