/**
 * POST /opencharge/transfer/webhook: money reaching us from the network (issue 14, item 1). A simulated
 * bank (e2e/simulators/issuer.ts) signs real proofs with its own key and its own X-OC-* headers; we check
 * every §8.3 step, credit users and payment requests once per txid, and refuse bad proofs moving nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as webhook } from "@/app/opencharge/transfer/webhook/route";
import { GET as metadataRoute } from "@/app/opencharge/metadata.json/route";
import { db } from "@/lib/db";
import { ocidOwner } from "@/lib/ledger/accounts";
import { startSimulatedIssuer, type SimulatedIssuer } from "@/e2e/simulators/issuer";
import { APP, GATEWAY_OCID, setEnv, signedRequest, startGatewayMetadataServer, useRegistry } from "@/tests/support/protocol-fixtures";
import { noParams, request } from "@/tests/support/factories";
import {
  backdate,
  createRequest,
  expectLedgerBalanced,
  makeMerchantWithKey,
  makePayer,
  merchantApi,
  merchantBalance,
  userBalance,
} from "@/tests/payment-requests/support/fixtures";

let metadata: Awaited<ReturnType<typeof startGatewayMetadataServer>>;
let bank: SimulatedIssuer;
let stranger: SimulatedIssuer;

beforeAll(async () => {
  metadata = await startGatewayMetadataServer();
  bank = await startSimulatedIssuer({ ocid: 900, gatewayMetadataUrl: metadata.url });
  stranger = await startSimulatedIssuer({ ocid: 901, gatewayMetadataUrl: metadata.url });
  useRegistry({ 900: bank.metadataUrl, 901: stranger.metadataUrl });
  setEnv({ OPENCHARGE_SETTLEMENT_ACCEPTS: "900" });
});

afterAll(async () => {
  setEnv({ OPENCHARGE_SETTLEMENT_ACCEPTS: undefined });
  await bank.close();
  await stranger.close();
  await metadata.close();
});

async function send(sender: SimulatedIssuer, body: unknown) {
  const response = await webhook(signedRequest(sender, "POST", "/opencharge/transfer/webhook", body), noParams);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const toUs = (reference: string) => ({ ocid: GATEWAY_OCID, reference });

async function counts() {
  const client = await db();
  return {
    proofs: await client.receivedProof.count(),
    postings: await client.ledgerTransaction.count(),
    movements: await client.paymentRequestMovement.count(),
    events: await client.paymentRequestEvent.count(),
  };
}

async function nostroBalance(currency = "USD"): Promise<bigint> {
  const client = await db();
  const account = await client.ledgerAccount.findFirst({ where: { type: "nostro", owner: ocidOwner(900), currency } });
  return account?.balance ?? 0n;
}

describe("money in for a wallet user", () => {
  it("credits the user named by handle or email, from the issuer's nostro account, once per txid", async () => {
    const user = await makePayer();
    const before = await nostroBalance();
    const byHandle = bank.signed(bank.proof({ to: toUs(`@${user.handle}`), amount: "25.00", currency: "USD", memo: "Salary" }));
    const accepted = await send(bank, byHandle);
    expect(accepted).toEqual({ status: 200, body: { status: "accepted", txid: byHandle.proof.txid } });
    const byEmail = await send(bank, bank.signed(bank.proof({ to: toUs(user.email.toUpperCase()), amount: "5.00", currency: "USD" })));
    expect(byEmail.body.status).toBe("accepted");
    expect(await userBalance(user.id, "USD")).toBe("30.00");
    expect(await nostroBalance()).toBe(before - 3000n);

    const replay = await send(bank, byHandle);
    expect(replay).toEqual({ status: 200, body: { status: "rejected", txid: byHandle.proof.txid, message: expect.any(String) } });
    expect(await userBalance(user.id, "USD")).toBe("30.00");

    const client = await db();
    const stored = await client.receivedProof.findUniqueOrThrow({ where: { issuer_txid: { issuer: 900, txid: byHandle.proof.txid } } });
    expect(stored).toMatchObject({ senderOcid: 900, creditedTo: "user", userId: user.id, amountMinor: 2500n, currency: "USD" });
    expect(JSON.parse(stored.proofJson)).toEqual(byHandle.proof);
    await expectLedgerBalanced();
  });

  it("credits once when the same proof races itself", async () => {
    const user = await makePayer();
    const body = bank.signed(bank.proof({ to: toUs(user.handle), amount: "7.00", currency: "USD" }));
    const answers = await Promise.all(Array.from({ length: 8 }, () => send(bank, body)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(answers.filter((a) => a.body.status === "accepted")).toHaveLength(1);
    expect(answers.filter((a) => a.body.status === "rejected")).toHaveLength(7);
    expect(await userBalance(user.id, "USD")).toBe("7.00");
    await expectLedgerBalanced();
  });
});

describe("money in for a payment request", () => {
  const usd = (amount: string) => ({ value: { amount, currency: "USD" } });
  const pay = (requestId: string, amount: string, currency = "USD") =>
    send(bank, bank.signed(bank.proof({ to: toUs(requestId), amount, currency, from: { ocid: 900, reference: "payer_9" } })));

  it("the amount due → DONE, credited to the merchant, listed in related, called back", async () => {
    const { merchant, key } = await makeMerchantWithKey();
    const request = await createRequest(key, { ...usd("12.50"), callbackUrl: "https://pos.example/cb" });
    expect((await pay(request.id, "12.50")).body.status).toBe("accepted");
    const view = (await merchantApi.get(key, request.id)).body;
    expect(view).toMatchObject({ status: "DONE", amountPaid: "12.50", amountDue: "0.00", related: [{ type: "payment", amount: "12.50" }] });
    expect(await merchantBalance(merchant.id, "USD")).toBe("12.50");
    const client = await db();
    expect(await client.delivery.count({ where: { paymentRequestId: request.id } })).toBe(1);
    await expectLedgerBalanced();
  });

  it("less → INCOMPLETE, the rest → DONE; more → OVERPAID, which the merchant can accept", async () => {
    const { merchant, key } = await makeMerchantWithKey();
    const request = await createRequest(key, usd("10.00"));
    await pay(request.id, "4.00");
    expect((await merchantApi.get(key, request.id)).body).toMatchObject({ status: "INCOMPLETE", amountDue: "6.00" });
    await pay(request.id, "6.00");
    expect((await merchantApi.get(key, request.id)).body.status).toBe("DONE");
    await pay(request.id, "1.00");
    const over = (await merchantApi.get(key, request.id)).body;
    expect(over).toMatchObject({ status: "OVERPAID", amountPaid: "11.00" });
    expect(over.log.map((e: { status: string }) => e.status)).toEqual(["CREATED", "INCOMPLETE", "DONE", "OVERPAID"]);
    expect((await merchantApi.accept(key, request.id)).body.status).toBe("ACCEPTED");
    expect(await merchantBalance(merchant.id, "USD")).toBe("11.00");

    const once = await createRequest(key, usd("3.00"));
    await pay(once.id, "5.00");
    expect((await merchantApi.get(key, once.id)).body).toMatchObject({ status: "OVERPAID", amountPaid: "5.00" });
    await expectLedgerBalanced();
  });

  it("before notBefore → EARLY; after the expiry → LATE; an amount-less request takes what comes", async () => {
    const { key } = await makeMerchantWithKey();
    const early = await createRequest(key, { ...usd("2.00"), notBefore: new Date(Date.now() + 60_000).toISOString() });
    await pay(early.id, "2.00");
    expect((await merchantApi.get(key, early.id)).body).toMatchObject({ status: "EARLY", amountPaid: "2.00" });

    const late = await createRequest(key, usd("2.00"));
    await backdate(late.id, { expiresAt: new Date(Date.now() - 1) });
    await pay(late.id, "2.00");
    expect((await merchantApi.get(key, late.id)).body).toMatchObject({ status: "LATE", amountPaid: "2.00" });

    const expired = await createRequest(key, usd("2.00"));
    await backdate(expired.id, { expiresAt: new Date(Date.now() - 1) });
    expect((await merchantApi.get(key, expired.id)).body.status).toBe("EXPIRED");
    await pay(expired.id, "2.00");
    expect((await merchantApi.get(key, expired.id)).body.status).toBe("LATE");

    const open = await createRequest(key, {});
    await pay(open.id, "9.99", "EUR");
    expect((await merchantApi.get(key, open.id)).body).toMatchObject({ status: "DONE", value: null, amountPaid: "9.99" });
    await expectLedgerBalanced();
  });

  it("another currency → ERROR, the money held for the operator in suspense, not the merchant's", async () => {
    const { merchant, key } = await makeMerchantWithKey();
    const request = await createRequest(key, usd("5.00"));
    const answer = await pay(request.id, "5.00", "EUR");
    expect(answer.body).toMatchObject({ status: "accepted" });
    const view = (await merchantApi.get(key, request.id)).body;
    expect(view).toMatchObject({ status: "ERROR", amountPaid: "0.00", related: [] });
    expect(await merchantBalance(merchant.id, "EUR")).toBe("0.00");
    const client = await db();
    const suspense = await client.ledgerAccount.findFirstOrThrow({ where: { type: "suspense", owner: `request:${request.id}`, currency: "EUR" } });
    expect(suspense.balance).toBe(500n);
    // A request that can no longer take money (cancelled) keeps it out of the merchant's account too.
    const cancelled = await createRequest(key, usd("1.00"));
    await merchantApi.cancel(key, cancelled.id);
    expect((await pay(cancelled.id, "1.00")).body).toMatchObject({ status: "accepted", message: expect.stringContaining("operator") });
    expect((await merchantApi.get(key, cancelled.id)).body.status).toBe("CANCELLED");
    expect(await merchantBalance(merchant.id, "USD")).toBe("0.00");
    await expectLedgerBalanced();
  });
});

describe("bad proofs are refused and nothing is credited", () => {
  it("refuses each with its code", async () => {
    const user = await makePayer();
    const good = () => bank.proof({ to: toUs(user.handle), amount: "1.00", currency: "USD" });
    const before = await counts();
    const tampered = bank.signed(good());
    const cases: Array<[string, SimulatedIssuer, unknown, number, string]> = [
      ["bad proof signature", bank, { ...tampered, proof: { ...tampered.proof, amount: "1000.00" } }, 400, "PROOF_SIGNATURE_INVALID"],
      ["signed by someone else", bank, { proof: good(), signature: stranger.signObject(good()) }, 400, "PROOF_SIGNATURE_INVALID"],
      ["issuer not accepted", stranger, stranger.signed(stranger.proof({ to: toUs(user.handle), amount: "1.00", currency: "USD" })), 400, "ISSUER_NOT_ACCEPTED"],
      ["to.ocid not us", bank, bank.signed(bank.proof({ to: { ocid: 555, reference: user.handle }, amount: "1.00", currency: "USD" })), 400, "INVALID_PROOF"],
      ["unknown reference", bank, bank.signed(bank.proof({ to: toUs("nobody_here"), amount: "1.00", currency: "USD" })), 400, "ACCOUNT_NOT_FOUND"],
      ["unknown request", bank, bank.signed(bank.proof({ to: toUs("pr_nope"), amount: "1.00", currency: "USD" })), 400, "ACCOUNT_NOT_FOUND"],
      ["no reference", bank, bank.signed(bank.proof({ to: { ocid: GATEWAY_OCID }, amount: "1.00", currency: "USD" })), 400, "ACCOUNT_NOT_FOUND"],
      ["over-precise amount", bank, bank.signed(bank.proof({ to: toUs(user.handle), amount: "1.001", currency: "USD" })), 400, "INVALID_PROOF"],
      ["negative amount", bank, bank.signed(bank.proof({ to: toUs(user.handle), amount: "-1.00", currency: "USD" })), 400, "INVALID_PROOF"],
      ["zero", bank, bank.signed(bank.proof({ to: toUs(user.handle), amount: "0.00", currency: "USD" })), 400, "INVALID_PROOF"],
      ["not a number", bank, bank.signed(bank.proof({ to: toUs(user.handle), amount: "ten", currency: "USD" })), 400, "INVALID_PROOF"],
      ["numeric amount", bank, { proof: { ...good(), amount: 1 }, signature: "00" }, 400, "INVALID_PROOF"],
      ["unknown currency", bank, bank.signed(bank.proof({ to: toUs(user.handle), amount: "1.00", currency: "XXX" })), 400, "INVALID_PROOF"],
      ["missing txid", bank, { proof: { ...good(), txid: undefined }, signature: "00" }, 400, "INVALID_PROOF"],
      ["no signature", bank, { proof: good() }, 400, "INVALID_PROOF"],
      ["not an object", bank, [1, 2], 400, "INVALID_PROOF"],
      ["not JSON", bank, "{nope", 400, "INVALID_JSON"],
    ];
    for (const [name, sender, body, status, code] of cases) {
      const answer = await send(sender, body);
      expect(answer.status, name).toBe(status);
      expect(answer.body.error.code, name).toBe(code);
    }
    expect(await counts()).toEqual(before);
    expect(await userBalance(user.id, "USD")).toBe("0.00");
  });

  it("refuses an unsigned request (401) and a replayed request nonce, crediting nothing", async () => {
    const user = await makePayer();
    const body = JSON.stringify(bank.signed(bank.proof({ to: toUs(user.handle), amount: "1.00", currency: "USD" })));
    const unsigned = await webhook(request(`${APP}/opencharge/transfer/webhook`, { method: "POST", body, headers: { "content-type": "application/json" } }), noParams);
    expect(unsigned.status).toBe(401);
    const headers = bank.signHeaders("POST", `${APP}/opencharge/transfer/webhook`, body);
    const first = await webhook(request(`${APP}/opencharge/transfer/webhook`, { method: "POST", body, headers: { ...headers, "content-type": "application/json" } }), noParams);
    expect(first.status).toBe(200);
    const replayed = await webhook(request(`${APP}/opencharge/transfer/webhook`, { method: "POST", body, headers: { ...headers, "content-type": "application/json" } }), noParams);
    expect(replayed.status).toBe(401);
    expect(await userBalance(user.id, "USD")).toBe("1.00");
  });
});

describe("what we publish", () => {
  it("metadata lists transfer.webhook and accepts our own OCID and OPENCHARGE_SETTLEMENT_ACCEPTS", async () => {
    const document = await (await metadataRoute(request(`${APP}/opencharge/metadata.json`), noParams)).json();
    expect(document.config.capabilities).toContain("transfer.webhook");
    expect(document.config.settlement.accepts).toEqual([GATEWAY_OCID, 900]);
  });
});
