/**
 * Our merchants paid from other gateways (issue 14, item 5): the request as a signed order, and us as the
 * merchant's gateway — payment/create (→ PROCESSING), payment/settle with a settlement provider's proof
 * (→ DONE, our proof to = {us, request id}), verify/{txid}. A simulated paying gateway (OCID 400) and a
 * simulated settlement provider (OCID 150) sign with their own keys.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as orderRoute } from "@/app/opencharge/orders/[orderId]/route";
import { POST as paymentCreate } from "@/app/opencharge/payment/create/route";
import { POST as paymentSettle } from "@/app/opencharge/payment/settle/route";
import { GET as verifyRoute } from "@/app/opencharge/verify/[txid]/route";
import { POST as webhook } from "@/app/opencharge/transfer/webhook/route";
import { db } from "@/lib/db";
import { expireDueNetworkPayments } from "@/lib/network/merchant-gateway/settle-network-payment";
import { verifySignedObject } from "@/lib/opencharge/signed-objects";
import { TEST_PUBLIC_KEY } from "@/lib/opencharge/test-vectors";
import { startSimulatedIssuer, type SimulatedIssuer } from "@/e2e/simulators/issuer";
import { APP, GATEWAY_OCID, setEnv, signedRequest, startGatewayMetadataServer, useRegistry } from "@/tests/support/protocol-fixtures";
import { request as plainRequest } from "@/tests/support/factories";
import {
  createRequest,
  expectLedgerBalanced,
  makeMerchantWithKey,
  makePayer,
  merchantApi,
  merchantBalance,
  payerApi,
} from "@/tests/payment-requests/support/fixtures";

let metadata: Awaited<ReturnType<typeof startGatewayMetadataServer>>;
let payingGateway: SimulatedIssuer;
let provider: SimulatedIssuer;
let stranger: SimulatedIssuer;

beforeAll(async () => {
  metadata = await startGatewayMetadataServer();
  payingGateway = await startSimulatedIssuer({ ocid: 400, gatewayMetadataUrl: metadata.url, name: "Other Wallet 400" });
  provider = await startSimulatedIssuer({ ocid: 150, gatewayMetadataUrl: metadata.url, name: "Settlement Provider 150" });
  stranger = await startSimulatedIssuer({ ocid: 151, gatewayMetadataUrl: metadata.url });
  useRegistry({ 400: payingGateway.metadataUrl, 150: provider.metadataUrl, 151: stranger.metadataUrl });
  setEnv({ OPENCHARGE_SETTLEMENT_ACCEPTS: "150" });
});

afterAll(async () => {
  setEnv({ OPENCHARGE_SETTLEMENT_ACCEPTS: undefined });
  for (const sim of [payingGateway, provider, stranger]) await sim.close();
  await metadata.close();
});

const ctx = (values: Record<string, string>) => ({ params: Promise.resolve(values) });
async function read(response: Response) {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const getOrder = async (id: string) => read(await orderRoute(plainRequest(`${APP}/opencharge/orders/${id}`), ctx({ orderId: id })));
const create = async (body: unknown, sender: SimulatedIssuer = payingGateway) =>
  read(await paymentCreate(signedRequest(sender, "POST", "/opencharge/payment/create", body), ctx({})));
const settle = async (body: unknown, sender: SimulatedIssuer = payingGateway) =>
  read(await paymentSettle(signedRequest(sender, "POST", "/opencharge/payment/settle", body), ctx({})));
const verify = async (txid: string) => read(await verifyRoute(plainRequest(`${APP}/opencharge/verify/${txid}`), ctx({ txid })));

/** What the settlement provider signs after our caller paid it for our txid. */
function providerProof(txid: string, amount: string, currency = "USD", by: SimulatedIssuer = provider) {
  return by.signed(by.proof({ from: { ocid: 400, reference: "gw_acct" }, to: { ocid: GATEWAY_OCID, reference: txid }, amount, currency }));
}

const usd = (amount: string) => ({ value: { amount, currency: "USD" } });

async function counts() {
  const client = await db();
  return { proofs: await client.receivedProof.count(), postings: await client.ledgerTransaction.count(), movements: await client.paymentRequestMovement.count() };
}

describe("the payment request as a signed Opencharge order", () => {
  it("answers {order, signature} signed by us, with what is due and what we accept", async () => {
    const { key } = await makeMerchantWithKey();
    const request = await createRequest(key, { ...usd("12.50"), description: "Table 4" });
    const answer = await getOrder(request.id);
    expect(answer.status).toBe(200);
    expect(answer.body.order).toEqual({
      id: request.id,
      ocid: GATEWAY_OCID,
      amount: "12.50",
      currency: "USD",
      createdAt: Math.floor(Date.parse(request.createdAt) / 1000),
      expiresAt: Math.floor(Date.parse(request.expiresAt) / 1000),
      accepts: [GATEWAY_OCID, 150],
      reference: request.shortCode,
      memo: "Table 4",
    });
    expect(verifySignedObject(answer.body.order, answer.body.signature, TEST_PUBLIC_KEY)).toBe("recursive");
  });

  it("is no order for a request-to-pay (404), an amount-less or a paid request (409), or an unknown id (404)", async () => {
    const { key } = await makeMerchantWithKey();
    const payer = await makePayer({ topUp: { amount: "5.00", currency: "USD" } });
    expect((await getOrder((await createRequest(key, { ...usd("1.00"), payer: payer.handle })).id)).body.error.code).toBe("ORDER_NOT_FOUND");
    expect((await getOrder((await createRequest(key, {})).id)).status).toBe(409);
    const paid = await createRequest(key, usd("1.00"));
    await payerApi.pay(payer.token, paid.id);
    expect((await getOrder(paid.id)).body.error).toMatchObject({ code: "INVALID_STATE", details: { status: "DONE" } });
    expect((await getOrder("pr_00000000000000000000000000000000")).status).toBe(404);
  });
});

describe("payment/create and payment/settle: another gateway pays our merchant through a settlement provider", () => {
  it("create → PROCESSING; settle with the provider's proof → DONE, the merchant credited, our proof to {us, request id}", async () => {
    const { merchant, key } = await makeMerchantWithKey();
    const request = await createRequest(key, { ...usd("20.00"), callbackUrl: "https://pos.example/cb" });
    const created = await create({ to: GATEWAY_OCID, amount: "20.00", currency: "USD", order: { id: request.id, urls: [`${APP}/pay/${request.id}`] } });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      status: "pending_settlement",
      txid: expect.stringMatching(/^mg_[0-9a-f]{32}$/),
      amount: "20.00",
      currency: "USD",
      expiresAt: expect.any(Number),
      settlement: { accepts: [150] },
    });
    const txid = created.body.txid;
    expect((await merchantApi.get(key, request.id)).body.status).toBe("PROCESSING");
    // Our own wallet does not pay it a second time meanwhile.
    const walletPayer = await makePayer({ topUp: { amount: "50.00", currency: "USD" } });
    expect((await payerApi.pay(walletPayer.token, request.id)).status).toBe(409);
    expect((await verify(txid)).body).toMatchObject({ status: "pending", txid, amount: "20.00", currency: "USD" });

    const settled = await settle({ txid, ...providerProof(txid, "20.00") });
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({
      status: "completed",
      txid,
      proof: { txid, issuer: GATEWAY_OCID, from: { ocid: 400 }, to: { ocid: GATEWAY_OCID, reference: request.id }, amount: "20.00", currency: "USD" },
    });
    expect(verifySignedObject(settled.body.proof, settled.body.signature, TEST_PUBLIC_KEY)).toBe("recursive");
    const view = (await merchantApi.get(key, request.id)).body;
    expect(view).toMatchObject({ status: "DONE", amountPaid: "20.00", related: [{ type: "payment", value: txid, amount: "20.00" }] });
    expect(view.log.map((e: { status: string }) => e.status)).toEqual(["CREATED", "PROCESSING", "DONE"]);
    expect(await merchantBalance(merchant.id, "USD")).toBe("20.00");
    expect((await verify(txid)).body).toEqual({ status: "completed", proof: settled.body.proof, signature: settled.body.signature });

    // Settled once: a second settle is refused, and the provider's proof pays nothing else, here or at the webhook.
    const again = await settle({ txid, ...providerProof(txid, "20.00") });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("INVALID_STATE");
    await expectLedgerBalanced();
  });

  it("a provider's proof pays once: used at settle, it is a duplicate at /transfer/webhook", async () => {
    const { key } = await makeMerchantWithKey();
    const request = await createRequest(key, usd("3.00"));
    const { txid } = (await create({ to: GATEWAY_OCID, amount: "3.00", currency: "USD", order: { id: request.id } })).body;
    const proof = providerProof(txid, "3.00");
    expect((await settle({ txid, ...proof })).status).toBe(200);
    const replay = await read(await webhook(signedRequest(provider, "POST", "/opencharge/transfer/webhook", { ...proof, proof: { ...proof.proof, to: { ocid: GATEWAY_OCID, reference: request.id } } }), ctx({})));
    // The altered proof no longer verifies; the original one is already recorded.
    expect(replay.body.error?.code ?? replay.body.status).toBe("PROOF_SIGNATURE_INVALID");
    const original = await read(await webhook(signedRequest(provider, "POST", "/opencharge/transfer/webhook", proof), ctx({})));
    expect(original.body).toMatchObject({ status: "rejected" });
    await expectLedgerBalanced();
  });

  it("refuses bad payment/create calls, changing nothing", async () => {
    const { key } = await makeMerchantWithKey();
    const request = await createRequest(key, usd("10.00"));
    const before = await counts();
    const cases: Array<[string, unknown, number, string]> = [
      ["another merchant OCID", { to: 555, amount: "10.00", currency: "USD", order: { id: request.id } }, 400, "MERCHANT_NOT_REGISTERED"],
      ["unknown request", { to: GATEWAY_OCID, amount: "10.00", currency: "USD", order: { id: "pr_nope" } }, 404, "ORDER_NOT_FOUND"],
      ["no request named", { to: GATEWAY_OCID, amount: "10.00", currency: "USD" }, 404, "ORDER_NOT_FOUND"],
      ["less than due", { to: GATEWAY_OCID, amount: "9.99", currency: "USD", order: { id: request.id } }, 400, "AMOUNT_MISMATCH"],
      ["more than due", { to: GATEWAY_OCID, amount: "10.01", currency: "USD", order: { id: request.id } }, 400, "AMOUNT_MISMATCH"],
      ["another currency", { to: GATEWAY_OCID, amount: "10.00", currency: "EUR", order: { id: request.id } }, 400, "CURRENCY_MISMATCH"],
      ["bad amount", { to: GATEWAY_OCID, amount: "ten", currency: "USD", order: { id: request.id } }, 400, "INVALID_AMOUNT"],
      ["bad body", { to: "me", amount: "10.00" }, 400, "VALIDATION_ERROR"],
    ];
    for (const [name, body, status, code] of cases) {
      const answer = await create(body);
      expect(answer.status, name).toBe(status);
      expect(answer.body.error.code, name).toBe(code);
    }
    expect((await merchantApi.get(key, request.id)).body.status).toBe("CREATED");
    expect(await counts()).toEqual(before);
    // While one gateway pays it, another cannot begin to.
    expect((await create({ to: GATEWAY_OCID, amount: "10.00", currency: "USD", order: { id: request.id } })).status).toBe(200);
    expect((await create({ to: GATEWAY_OCID, amount: "10.00", currency: "USD", order: { id: request.id } }, provider)).body.error.code).toBe("INVALID_STATE");
  });

  it("refuses bad settlements, crediting nothing", async () => {
    const { merchant, key } = await makeMerchantWithKey();
    const request = await createRequest(key, usd("10.00"));
    const { txid } = (await create({ to: GATEWAY_OCID, amount: "10.00", currency: "USD", order: { id: request.id } })).body;
    const good = providerProof(txid, "10.00");
    const before = await counts();
    const cases: Array<[string, unknown, SimulatedIssuer, number, string]> = [
      ["unknown txid", { ...good, txid: "mg_unknown" }, payingGateway, 404, "PAYMENT_NOT_FOUND"],
      ["someone else's payment", { txid, ...good }, provider, 404, "PAYMENT_NOT_FOUND"],
      ["issuer not accepted", { txid, ...providerProof(txid, "10.00", "USD", stranger) }, payingGateway, 400, "ISSUER_NOT_ACCEPTED"],
      ["bad signature", { txid, proof: { ...good.proof, amount: "100.00" }, signature: good.signature }, payingGateway, 400, "PROOF_SIGNATURE_INVALID"],
      ["pays another reference", { txid, ...providerProof("mg_other", "10.00") }, payingGateway, 400, "INVALID_PROOF"],
      ["pays less", { txid, ...providerProof(txid, "9.00") }, payingGateway, 400, "AMOUNT_MISMATCH"],
      ["another currency", { txid, ...providerProof(txid, "10.00", "EUR") }, payingGateway, 400, "CURRENCY_MISMATCH"],
      ["no proof", { txid }, payingGateway, 400, "INVALID_PROOF"],
    ];
    for (const [name, body, sender, status, code] of cases) {
      const answer = await settle(body, sender);
      expect(answer.status, name).toBe(status);
      expect(answer.body.error.code, name).toBe(code);
    }
    expect(await counts()).toEqual(before);
    expect(await merchantBalance(merchant.id, "USD")).toBe("0.00");
    expect((await merchantApi.get(key, request.id)).body.status).toBe("PROCESSING");
  });

  it("an unsettled payment expires: PAYMENT_EXPIRED, and the request is open again", async () => {
    const { key } = await makeMerchantWithKey();
    const request = await createRequest(key, usd("4.00"));
    const { txid } = (await create({ to: GATEWAY_OCID, amount: "4.00", currency: "USD", order: { id: request.id } })).body;
    const client = await db();
    await client.networkPayment.update({ where: { txid }, data: { expiresAt: new Date(Date.now() - 1) } });
    const late = await settle({ txid, ...providerProof(txid, "4.00") });
    expect(late.status).toBe(400);
    expect(late.body.error.code).toBe("PAYMENT_EXPIRED");
    expect((await verify(txid)).body).toEqual({ status: "expired", txid });
    const view = (await merchantApi.get(key, request.id)).body;
    expect(view.log.map((e: { status: string }) => e.status)).toEqual(["CREATED", "PROCESSING", "CREATED"]);

    // The worker's sweep does the same without anyone asking.
    const { txid: second } = (await create({ to: GATEWAY_OCID, amount: "4.00", currency: "USD", order: { id: request.id } })).body;
    await client.networkPayment.update({ where: { txid: second }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await expireDueNetworkPayments()).toBeGreaterThanOrEqual(1);
    expect((await merchantApi.get(key, request.id)).body.status).toBe("CREATED");
  });

  it("two settles racing: one completes, the money is credited once", async () => {
    const { merchant, key } = await makeMerchantWithKey();
    const request = await createRequest(key, usd("6.00"));
    const { txid } = (await create({ to: GATEWAY_OCID, amount: "6.00", currency: "USD", order: { id: request.id } })).body;
    const answers = await Promise.all([settle({ txid, ...providerProof(txid, "6.00") }), settle({ txid, ...providerProof(txid, "6.00") }), settle({ txid, ...providerProof(txid, "6.00") })]);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    for (const a of answers) if (a.status !== 200) expect([400, 409]).toContain(a.status);
    expect(await merchantBalance(merchant.id, "USD")).toBe("6.00");
    await expectLedgerBalanced();
  });
});

describe("GET /opencharge/verify/{txid}", () => {
  it("answers 404 TXID_NOT_FOUND for a txid we never issued", async () => {
    const answer = await verify("oc_00000000000000000000000000000000");
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe("TXID_NOT_FOUND");
  });
});
