/**
 * Settlement out (issue 14, item 3): our users pay merchants whose orders do not accept us, through a
 * gateway where we hold a reserve (G/transfer/create) or through a settlement provider the merchant's
 * gateway accepts (payment/create at G, transfer/create at P, payment/settle at G). The partners are real
 * HTTP servers with their own keys (e2e/simulators/partner-gateway.ts, settlement-provider.ts) that check
 * our signed headers, move money in their own books and sign their proofs; the merchants check the proof
 * the partner delivers. Every case ends with the ledger checked.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as createSessionRoute } from "@/app/api/wallet/sessions/route";
import { GET as getSessionRoute } from "@/app/api/wallet/sessions/[sessionId]/route";
import { POST as confirmRoute } from "@/app/api/wallet/sessions/[sessionId]/confirm/route";
import { POST as orderCreateRoute } from "@/app/opencharge/orders/create/[sessionId]/route";
import { GET as metadataRoute } from "@/app/opencharge/metadata.json/route";
import { GET as receiptRoute } from "@/app/api/wallet/receipts/[txid]/route";
import { GET as checkoutViewRoute } from "@/app/api/checkout/[id]/route";
import { POST as checkoutPayRoute } from "@/app/api/checkout/[id]/pay/route";
import { POST as checkoutCreateRoute } from "@/app/opencharge/checkout/create/route";
import { db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { checkLedger } from "@/lib/ledger/check-ledger";
import { ocidOwner, userOwner } from "@/lib/ledger/accounts";
import { transitionPaySession } from "@/lib/pay-sessions/pay-session-status";
import { setSettlementHopTimeout } from "@/lib/settlement/partner-calls";
import { resolveAbandonedSettlements } from "@/lib/settlement/resolve-abandoned-settlements";
import { beginPartnerSettlement } from "@/lib/settlement/settle-through-partner";
import { findSettlementPath } from "@/lib/settlement/settlement-paths";
import { listSettlements } from "@/lib/settlement/list-settlements";
import { topUpUser } from "@/lib/wallet/top-up-user";
import { startSimulatedMerchant, startSimulatedMerchantGateway } from "@/e2e/simulators";
import type { SimulatedMerchant } from "@/e2e/simulators/merchant";
import { startPartnerGateway, type SimulatedPartnerGateway } from "@/e2e/simulators/partner-gateway";
import { startSettlementProvider, type SimulatedSettlementProvider } from "@/e2e/simulators/settlement-provider";
import { json, makeUserWithToken, request } from "@/tests/support/factories";
import {
  GATEWAY_OCID,
  setEnv,
  signedRequest,
  startGatewayMetadataServer,
  useRegistry,
  type SimulatedCounterparty,
} from "@/tests/support/protocol-fixtures";

const RESERVE_GATEWAY = 300;
const MERCHANTS_GATEWAY = 400;
const PROVIDER = 700;

let metadata: Awaited<ReturnType<typeof startGatewayMetadataServer>>;
/** G where we hold a reserve; its merchant accepts only G. */
let reserveGateway: SimulatedPartnerGateway;
let reserveMerchant: SimulatedCounterparty;
/** G' where we hold nothing, which accepts provider P where we hold an account; its merchant accepts only G'. */
let merchantsGateway: SimulatedPartnerGateway;
let provider: SimulatedSettlementProvider;
let thirdPartyMerchant: SimulatedCounterparty;
/** A merchant that accepts only OCIDs we cannot reach. */
let strandedMerchant: SimulatedCounterparty;

beforeAll(async () => {
  metadata = await startGatewayMetadataServer();
  reserveGateway = await startPartnerGateway({ ocid: RESERVE_GATEWAY });
  provider = await startSettlementProvider({ ocid: PROVIDER });
  merchantsGateway = await startPartnerGateway({ ocid: MERCHANTS_GATEWAY, acceptedProviders: { [PROVIDER]: provider.metadataUrl } });
  reserveMerchant = await startSimulatedMerchant({ ocid: 500, acceptedIssuers: [RESERVE_GATEWAY], gatewayMetadataUrl: reserveGateway.metadataUrl, gatewayOcid: RESERVE_GATEWAY });
  thirdPartyMerchant = await startSimulatedMerchant({
    ocid: 501,
    acceptedIssuers: [MERCHANTS_GATEWAY],
    gatewayMetadataUrl: merchantsGateway.metadataUrl,
    gatewayOcid: MERCHANTS_GATEWAY,
  });
  strandedMerchant = await startSimulatedMerchant({ ocid: 502, acceptedIssuers: [999], gatewayMetadataUrl: metadata.url });
  for (const partner of [reserveGateway, provider, merchantsGateway]) partner.allowSender(GATEWAY_OCID, metadata.url);
  reserveGateway.registerMerchant(reserveMerchant.ocid, reserveMerchant.endpoint);
  merchantsGateway.registerMerchant(thirdPartyMerchant.ocid, thirdPartyMerchant.endpoint);
  reserveGateway.fundReserve(GATEWAY_OCID, "1000.00");
  provider.fundAccount(GATEWAY_OCID, "1000.00");
  useWorld();
  setSettlementHopTimeout(1_500);
});

afterAll(async () => {
  setSettlementHopTimeout(undefined);
  for (const server of [reserveMerchant, thirdPartyMerchant, strandedMerchant, reserveGateway, merchantsGateway, provider]) await server.close();
  await metadata.close();
});

/** The registry: the merchants, G with our reserve, G' plainly, P with our account. */
function useWorld(overrides: Record<number, unknown> = {}) {
  useRegistry({
    500: reserveMerchant.metadataUrl,
    501: thirdPartyMerchant.metadataUrl,
    502: strandedMerchant.metadataUrl,
    [RESERVE_GATEWAY]: { metadataUrl: reserveGateway.metadataUrl, reserve: true },
    [MERCHANTS_GATEWAY]: merchantsGateway.metadataUrl,
    [PROVIDER]: { metadataUrl: provider.metadataUrl, provider: true },
    ...overrides,
  } as Parameters<typeof useRegistry>[0]);
}

beforeEach(() => {
  for (const endpoint of ["transfer/create", "payment/create", "payment/settle", "verify"] as const) {
    reserveGateway.setBehaviour(endpoint, "ok");
    merchantsGateway.setBehaviour(endpoint, "ok");
  }
  provider.setBehaviour("ok");
});

afterEach(async () => {
  expect((await checkLedger()).problems).toEqual([]);
});

const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
type User = Awaited<ReturnType<typeof makeUserWithToken>>;
const bearer = (user: User) => ({ headers: { authorization: `Bearer ${user.token}` } });

async function payer(amount = "50.00"): Promise<User> {
  const user = await makeUserWithToken();
  await topUpUser({ userId: user.id, amount, currency: "USD" });
  return user;
}

/** A pay session with `merchant`'s signed order on it (the QR flow's intake); the intake's answer. */
async function sessionWithOrder(user: User, merchant: SimulatedCounterparty, partial: Parameters<SimulatedCounterparty["buildOrder"]>[0] = {}) {
  const created = await json(await createSessionRoute(request("/api/wallet/sessions", { method: "POST", ...bearer(user) }), ctx({})));
  const order = merchant.buildOrder({ amount: "12.50", ...partial });
  const body = { order, signature: merchant.signOrder(order), urls: { order: [`${merchant.url}/orders/${order.id}`], completed: `${merchant.url}/done`, cancelled: `${merchant.url}/x` } };
  const sessionId = created.sessionId as string;
  const intake = await orderCreateRoute(signedRequest(merchant, "POST", `/opencharge/orders/create/${sessionId}`, body), ctx({ sessionId }));
  return { sessionId, order, intake: { status: intake.status, body: await json(intake) } };
}

async function confirm(user: User, sessionId: string) {
  const response = await confirmRoute(request(`/api/wallet/sessions/${sessionId}/confirm`, { method: "POST", ...bearer(user) }), ctx({ sessionId }));
  return { status: response.status, body: await json(response) };
}

const sessionView = async (user: User, sessionId: string) =>
  json(await getSessionRoute(request(`/api/wallet/sessions/${sessionId}`, bearer(user)), ctx({ sessionId })));

async function balance(owner: string, type: "user" | "nostro"): Promise<bigint> {
  const client = await db();
  return (await client.ledgerAccount.findFirst({ where: { type, owner, currency: "USD" } }))?.balance ?? 0n;
}

async function settlementOf(sessionId: string) {
  const client = await db();
  const session = await client.paySession.findUniqueOrThrow({ where: { id: sessionId } });
  return client.settlement.findUniqueOrThrow({ where: { orderId: session.orderId! } });
}

const acceptedBy = (merchant: SimulatedCounterparty, orderId: string) =>
  merchant.proofs.filter((p) => p.outcome === "accepted" && (p.proof as { to?: { reference?: string } }).to?.reference === orderId);

describe("partner reserve: G/transfer/create", () => {
  it("pays the merchant from our reserve at G; the merchant accepts G's proof; the user is debited once (user → nostro(G))", async () => {
    const user = await payer();
    const { sessionId, order, intake } = await sessionWithOrder(user, reserveMerchant);
    expect(intake.status).toBe(200);
    const reserveBefore = reserveGateway.reserveOf(GATEWAY_OCID);
    const nostroBefore = await balance(ocidOwner(RESERVE_GATEWAY), "nostro");

    const paid = await confirm(user, sessionId);
    expect(paid).toEqual({ status: 200, body: { status: "completed", txid: expect.stringMatching(/^oc_/) } });
    expect(await balance(userOwner(user.id), "user")).toBe(3750n);
    expect(await balance(ocidOwner(RESERVE_GATEWAY), "nostro")).toBe(nostroBefore + 1250n);
    expect(Number(reserveGateway.reserveOf(GATEWAY_OCID))).toBeCloseTo(Number(reserveBefore) - 12.5, 2);

    // The merchant got G's proof (issued and delivered by G, verified by the merchant); we kept it.
    const accepted = acceptedBy(reserveMerchant, order.id);
    expect(accepted).toHaveLength(1);
    const merchantProof = accepted[0]!.proof as { txid: string; issuer: number; amount: string; to: unknown; from: unknown };
    expect(merchantProof).toMatchObject({ issuer: RESERVE_GATEWAY, amount: "12.50", currency: "USD", to: { ocid: 500, reference: order.id }, from: { ocid: GATEWAY_OCID } });
    const settlement = await settlementOf(sessionId);
    expect(settlement).toMatchObject({ status: "completed", path: "partner_reserve", gatewayOcid: RESERVE_GATEWAY, proofTxid: merchantProof.txid, reconcile: null, reversalTxId: null });
    expect(JSON.parse(settlement.proofJson!)).toEqual(merchantProof);

    expect(await sessionView(user, sessionId)).toMatchObject({ status: "completed", txid: paid.body.txid });
    const receipt = await receiptRoute(request(`/api/wallet/receipts/${paid.body.txid}`, bearer(user)), ctx({ txid: paid.body.txid }));
    expect(receipt.status).toBe(200);
    // No proof of ours goes to the merchant (G delivered its own): the receipt says G confirmed it, not "pending".
    expect(await json(receipt)).toMatchObject({ txid: paid.body.txid, merchantAcknowledgement: "partner" });
    // A second confirm moves nothing.
    expect((await confirm(user, sessionId)).status).toBe(409);
    expect(await balance(userOwner(user.id), "user")).toBe(3750n);
  });

  it("flow 3: an order fetched from the merchant's QR URL ({orderUrl}) is paid through our reserve at G the same way", async () => {
    const user = await payer();
    const order = reserveMerchant.buildOrder({ amount: "8.00" });
    const orderUrl = await (reserveMerchant as SimulatedMerchant).publishOrder(order);
    const created = await createSessionRoute(request("/api/wallet/sessions", { method: "POST", ...bearer(user), body: JSON.stringify({ orderUrl }) }), ctx({}));
    expect(created.status).toBe(201);
    const { sessionId, status } = await json(created);
    expect(status).toBe("order_received");
    const nostroBefore = await balance(ocidOwner(RESERVE_GATEWAY), "nostro");

    const paid = await confirm(user, sessionId);
    expect(paid).toEqual({ status: 200, body: { status: "completed", txid: expect.stringMatching(/^oc_/) } });
    expect(await balance(userOwner(user.id), "user")).toBe(4200n);
    expect(await balance(ocidOwner(RESERVE_GATEWAY), "nostro")).toBe(nostroBefore + 800n);
    expect(acceptedBy(reserveMerchant, order.id)).toHaveLength(1);
    expect(await settlementOf(sessionId)).toMatchObject({ status: "completed", path: "partner_reserve", gatewayOcid: RESERVE_GATEWAY });
  });

  it("concurrent confirms pay once: one debit, one transfer at G, one proof to the merchant", async () => {
    const user = await payer();
    const { sessionId, order } = await sessionWithOrder(user, reserveMerchant, { amount: "7.00" });
    const calls = reserveGateway.calls.length;
    const answers = await Promise.all(Array.from({ length: 6 }, () => confirm(user, sessionId)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.error.code)).toEqual(Array(5).fill("INVALID_STATE"));
    expect(await balance(userOwner(user.id), "user")).toBe(4300n);
    expect(reserveGateway.calls.length - calls).toBe(1);
    expect(acceptedBy(reserveMerchant, order.id)).toHaveLength(1);
  });

  it("a payer who cannot afford it is refused before anything is asked of G", async () => {
    const user = await payer("5.00");
    const { sessionId } = await sessionWithOrder(user, reserveMerchant);
    const calls = reserveGateway.calls.length;
    const refused = await confirm(user, sessionId);
    expect(refused).toMatchObject({ status: 402, body: { error: { code: "INSUFFICIENT_FUNDS" } } });
    expect(reserveGateway.calls.length).toBe(calls);
    expect((await sessionView(user, sessionId)).status).toBe("order_received");
    expect(await balance(userOwner(user.id), "user")).toBe(500n);
  });

  const failures = [
    { name: "answers 500 before doing anything", behaviour: "error500", reconcile: true, merchantPaid: false },
    { name: "times out", behaviour: "hang", reconcile: true, merchantPaid: false },
    { name: "answers a proof that does not verify", behaviour: "bad_proof", reconcile: true, merchantPaid: false },
    { name: "pays the merchant but answers 500 (the answer is lost)", behaviour: "ok_then_500", reconcile: true, merchantPaid: true },
    { name: "refuses with 400", behaviour: "refuse400", reconcile: false, merchantPaid: false },
  ] as const;
  for (const failure of failures) {
    it(`G ${failure.name}: the user's money comes back, the session fails with the reason${failure.reconcile ? ", the operator is told to reconcile" : ""}`, async () => {
      const user = await payer();
      const { sessionId } = await sessionWithOrder(user, reserveMerchant, { amount: "9.00" });
      const nostroBefore = await balance(ocidOwner(RESERVE_GATEWAY), "nostro");
      reserveGateway.setBehaviour("transfer/create", failure.behaviour);
      const answer = await confirm(user, sessionId);
      expect(answer.status).toBe(502);
      expect(answer.body.error).toMatchObject({ code: "SETTLEMENT_FAILED", details: { status: "failed", moneyReturned: true } });
      expect(answer.body.error.message).toMatch(/returned to your wallet/);
      expect(await balance(userOwner(user.id), "user")).toBe(5000n);
      expect(await balance(ocidOwner(RESERVE_GATEWAY), "nostro")).toBe(nostroBefore);
      const view = await sessionView(user, sessionId);
      expect(view).toMatchObject({ status: "failed", failureReason: answer.body.error.message });
      expect(view.txid).toBeUndefined();
      const settlement = await settlementOf(sessionId);
      expect(settlement.status).toBe("failed");
      expect(settlement.reversalTxId).not.toBeNull();
      expect(settlement.reconcile === null).toBe(!failure.reconcile);
      expect(JSON.parse(settlement.hopLog)).toMatchObject([{ hop: "transfer/create", ocid: RESERVE_GATEWAY, outcome: failure.reconcile ? "unknown" : "refused" }]);
      // The order is free again: the merchant's order may be paid through another session.
      const client = await db();
      expect(await client.paymentOrder.findUniqueOrThrow({ where: { id: settlement.orderId } })).toMatchObject({ status: "failed", paidKey: null });
      expect((await confirm(user, sessionId)).status).toBe(409);
    });
  }

  it("settlements:list shows the operator what to reconcile with whom, and refuses a bad filter", async () => {
    const user = await payer();
    const { sessionId } = await sessionWithOrder(user, reserveMerchant, { amount: "2.00" });
    reserveGateway.setBehaviour("transfer/create", "hang");
    expect((await confirm(user, sessionId)).status).toBe(502);
    const settlement = await settlementOf(sessionId);
    const toReconcile = await listSettlements({ reconcile: true, ocid: RESERVE_GATEWAY });
    expect(toReconcile.find((s) => s.id === settlement.id)).toMatchObject({
      path: "partner_reserve",
      gatewayOcid: RESERVE_GATEWAY,
      amount: "2.00",
      currency: "USD",
      status: "failed",
      reconcile: expect.stringContaining(String(RESERVE_GATEWAY)),
      hops: [{ hop: "transfer/create", outcome: "unknown" }],
    });
    expect(toReconcile.every((s) => s.reconcile !== null)).toBe(true);
    expect((await listSettlements({ status: "completed", ocid: RESERVE_GATEWAY })).every((s) => s.status === "completed" && s.reconcile === null)).toBe(true);
    await expect(listSettlements({ status: "lost" })).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    await expect(listSettlements({ limit: "0" })).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
  });

  it("our reserve at G is exhausted (402 from G): nothing paid, the money back, nothing to reconcile", async () => {
    const poorGateway = await startPartnerGateway({ ocid: 301 });
    const merchant = await startSimulatedMerchant({ ocid: 503, acceptedIssuers: [301], gatewayMetadataUrl: poorGateway.metadataUrl, gatewayOcid: 301 });
    try {
      poorGateway.allowSender(GATEWAY_OCID, metadata.url);
      poorGateway.registerMerchant(503, merchant.endpoint);
      poorGateway.fundReserve(GATEWAY_OCID, "1.00");
      useWorld({ 301: { metadataUrl: poorGateway.metadataUrl, reserve: true }, 503: merchant.metadataUrl });
      const user = await payer();
      const { sessionId } = await sessionWithOrder(user, merchant, { amount: "3.00" });
      const answer = await confirm(user, sessionId);
      expect(answer.status).toBe(502);
      expect(answer.body.error.message).toMatch(/402 INSUFFICIENT_FUNDS/);
      expect(await settlementOf(sessionId)).toMatchObject({ status: "failed", reconcile: null });
      expect(await balance(userOwner(user.id), "user")).toBe(5000n);
      expect(poorGateway.reserveOf(GATEWAY_OCID)).toBe("1.00");
    } finally {
      useWorld();
      await merchant.close();
      await poorGateway.close();
    }
  });
});

describe("third party: payment/create at G, transfer/create at P, payment/settle at G", () => {
  it("P pays G for G's payment, G settles it and proves it to the merchant; the user is debited once (user → nostro(P))", async () => {
    const user = await payer();
    const { sessionId, order, intake } = await sessionWithOrder(user, thirdPartyMerchant);
    expect(intake.status).toBe(200);
    const before = { provider: provider.balanceOf(GATEWAY_OCID), nostroP: await balance(ocidOwner(PROVIDER), "nostro"), nostroG: await balance(ocidOwner(MERCHANTS_GATEWAY), "nostro") };

    const paid = await confirm(user, sessionId);
    expect(paid).toEqual({ status: 200, body: { status: "completed", txid: expect.stringMatching(/^oc_/) } });
    expect(await balance(userOwner(user.id), "user")).toBe(3750n);
    expect(await balance(ocidOwner(PROVIDER), "nostro")).toBe(before.nostroP + 1250n);
    expect(await balance(ocidOwner(MERCHANTS_GATEWAY), "nostro")).toBe(before.nostroG);
    expect(Number(provider.balanceOf(GATEWAY_OCID))).toBeCloseTo(Number(before.provider) - 12.5, 2);

    const settlement = await settlementOf(sessionId);
    expect(settlement).toMatchObject({ status: "completed", path: "third_party", gatewayOcid: MERCHANTS_GATEWAY, providerOcid: PROVIDER, reconcile: null });
    const payment = merchantsGateway.payments.get(settlement.gatewayPaymentTxid!);
    expect(payment).toMatchObject({ status: "completed", to: 501, amount: "12.50", reference: order.id });
    // P's proof paid G for G's payment; G's own proof reached the merchant, which accepted it.
    expect(JSON.parse(settlement.providerProofJson!)).toMatchObject({ issuer: PROVIDER, to: { ocid: MERCHANTS_GATEWAY, reference: payment!.txid }, amount: "12.50" });
    const accepted = acceptedBy(thirdPartyMerchant, order.id);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]!.proof).toMatchObject({ issuer: MERCHANTS_GATEWAY, to: { ocid: 501, reference: order.id }, amount: "12.50", currency: "USD" });
    expect((accepted[0]!.proof as { txid: string }).txid).toBe(settlement.proofTxid);
    expect(JSON.parse(settlement.hopLog).map((h: { hop: string }) => h.hop)).toEqual(["payment/create", "provider transfer/create", "payment/settle"]);
    expect((await sessionView(user, sessionId)).status).toBe("completed");
  });

  it("concurrent confirms pay once", async () => {
    const user = await payer();
    const { sessionId, order } = await sessionWithOrder(user, thirdPartyMerchant, { amount: "4.00" });
    const issued = provider.issued.length;
    const answers = await Promise.all(Array.from({ length: 5 }, () => confirm(user, sessionId)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(await balance(userOwner(user.id), "user")).toBe(4600n);
    expect(provider.issued.length - issued).toBe(1);
    expect(acceptedBy(thirdPartyMerchant, order.id)).toHaveLength(1);
  });

  type Case = {
    name: string;
    arrange: () => void;
    /** Where the user's money is taken back from: the provider's nostro, or the gateway's once P has paid it. */
    moneyAt: number;
    reconcile: boolean;
  };
  const cases: Case[] = [
    { name: "payment/create answers 500", arrange: () => merchantsGateway.setBehaviour("payment/create", "error500"), moneyAt: PROVIDER, reconcile: false },
    { name: "payment/create times out", arrange: () => merchantsGateway.setBehaviour("payment/create", "hang"), moneyAt: PROVIDER, reconcile: false },
    { name: "P answers 500", arrange: () => provider.setBehaviour("error500"), moneyAt: PROVIDER, reconcile: true },
    { name: "P times out", arrange: () => provider.setBehaviour("hang"), moneyAt: PROVIDER, reconcile: true },
    { name: "P answers a proof that does not verify", arrange: () => provider.setBehaviour("bad_proof"), moneyAt: PROVIDER, reconcile: true },
    { name: "P refuses with 400", arrange: () => provider.setBehaviour("refuse400"), moneyAt: PROVIDER, reconcile: false },
    { name: "payment/settle answers 500 and G never settled (verify: pending)", arrange: () => merchantsGateway.setBehaviour("payment/settle", "error500"), moneyAt: MERCHANTS_GATEWAY, reconcile: true },
    { name: "payment/settle times out", arrange: () => merchantsGateway.setBehaviour("payment/settle", "hang"), moneyAt: MERCHANTS_GATEWAY, reconcile: true },
    { name: "payment/settle answers a proof that does not verify", arrange: () => merchantsGateway.setBehaviour("payment/settle", "bad_proof"), moneyAt: MERCHANTS_GATEWAY, reconcile: true },
    { name: "G refuses the settle with 400 after P paid it", arrange: () => merchantsGateway.setBehaviour("payment/settle", "refuse400"), moneyAt: MERCHANTS_GATEWAY, reconcile: true },
  ];
  for (const failure of cases) {
    it(`${failure.name}: the user's money comes back (from nostro(${failure.moneyAt})), the session fails with the reason`, async () => {
      const user = await payer();
      const { sessionId } = await sessionWithOrder(user, thirdPartyMerchant, { amount: "6.00" });
      const before = { p: await balance(ocidOwner(PROVIDER), "nostro"), g: await balance(ocidOwner(MERCHANTS_GATEWAY), "nostro") };
      failure.arrange();
      const answer = await confirm(user, sessionId);
      expect(answer.status).toBe(502);
      expect(answer.body.error.code).toBe("SETTLEMENT_FAILED");
      expect(await balance(userOwner(user.id), "user")).toBe(5000n);
      const after = { p: await balance(ocidOwner(PROVIDER), "nostro"), g: await balance(ocidOwner(MERCHANTS_GATEWAY), "nostro") };
      if (failure.moneyAt === PROVIDER) {
        expect(after).toEqual(before);
      } else {
        // P paid G (its proof verified): P holds 6.00 less for us, G holds it for us now.
        expect(after).toEqual({ p: before.p + 600n, g: before.g - 600n });
      }
      expect(await sessionView(user, sessionId)).toMatchObject({ status: "failed", failureReason: answer.body.error.message });
      const settlement = await settlementOf(sessionId);
      expect(settlement.status).toBe("failed");
      expect(settlement.reconcile !== null).toBe(failure.reconcile);
    });
  }

  it("payment/settle's answer lost after G settled: GET G/verify/{txid} finds it completed, so the payment completes", async () => {
    const user = await payer();
    const { sessionId, order } = await sessionWithOrder(user, thirdPartyMerchant, { amount: "8.00" });
    merchantsGateway.setBehaviour("payment/settle", "ok_then_500");
    const paid = await confirm(user, sessionId);
    expect(paid).toMatchObject({ status: 200, body: { status: "completed" } });
    expect(await balance(userOwner(user.id), "user")).toBe(4200n);
    const settlement = await settlementOf(sessionId);
    expect(settlement.status).toBe("completed");
    expect(JSON.parse(settlement.hopLog).map((h: { hop: string; outcome: string }) => `${h.hop}:${h.outcome}`)).toEqual([
      "payment/create:ok",
      "provider transfer/create:ok",
      "payment/settle:unknown",
      "verify:ok",
    ]);
    expect(acceptedBy(thirdPartyMerchant, order.id)).toHaveLength(1);
  });
});

describe("no path", () => {
  it("an order accepting only OCIDs we cannot reach is refused at intake with 400 SETTLEMENT_NOT_SUPPORTED, saying why", async () => {
    const user = await payer();
    const unreachable = await sessionWithOrder(user, strandedMerchant, { accepts: [999] });
    expect(unreachable.intake.status).toBe(400);
    expect(unreachable.intake.body.error).toMatchObject({ code: "SETTLEMENT_NOT_SUPPORTED", details: { accepts: [999], reasons: { 999: expect.any(String) } } });

    // G' accepts our provider, but without the provider setting there is no third party either.
    useWorld({ [PROVIDER]: provider.metadataUrl });
    try {
      const noProvider = await sessionWithOrder(user, thirdPartyMerchant);
      expect(noProvider.intake).toMatchObject({ status: 400, body: { error: { code: "SETTLEMENT_NOT_SUPPORTED" } } });
    } finally {
      useWorld();
    }
    // Without the reserve setting, G is no path.
    useWorld({ [RESERVE_GATEWAY]: reserveGateway.metadataUrl });
    try {
      const noReserve = await sessionWithOrder(user, reserveMerchant);
      expect(noReserve.intake).toMatchObject({ status: 400, body: { error: { code: "SETTLEMENT_NOT_SUPPORTED" } } });
    } finally {
      useWorld();
    }
    const client = await db();
    expect(await client.paySession.count({ where: { userId: user.id, status: "order_received" } })).toBe(0);
  });

  it("paths in order: direct first, then a reserve, then a provider", async () => {
    expect((await findSettlementPath({ accepts: [RESERVE_GATEWAY, GATEWAY_OCID], currency: "USD" })).path).toEqual({ kind: "direct" });
    expect((await findSettlementPath({ accepts: undefined, currency: "USD" })).path).toEqual({ kind: "direct" });
    expect((await findSettlementPath({ accepts: [MERCHANTS_GATEWAY, RESERVE_GATEWAY], currency: "USD" })).path).toMatchObject({
      kind: "partner_reserve",
      gateway: { ocid: RESERVE_GATEWAY },
    });
    expect((await findSettlementPath({ accepts: [MERCHANTS_GATEWAY], currency: "USD" })).path).toMatchObject({
      kind: "third_party",
      gateway: { ocid: MERCHANTS_GATEWAY },
      provider: { ocid: PROVIDER },
    });
    // A currency the partner does not settle is no path through it.
    expect((await findSettlementPath({ accepts: [RESERVE_GATEWAY], currency: "JPY" })).path).toBeNull();
  });

  it("the settings changed after intake: confirm refuses with SETTLEMENT_NOT_SUPPORTED and moves nothing", async () => {
    const user = await payer();
    const { sessionId, intake } = await sessionWithOrder(user, reserveMerchant, { amount: "2.00" });
    expect(intake.status).toBe(200);
    useWorld({ [RESERVE_GATEWAY]: reserveGateway.metadataUrl });
    try {
      const answer = await confirm(user, sessionId);
      expect(answer).toMatchObject({ status: 400, body: { error: { code: "SETTLEMENT_NOT_SUPPORTED" } } });
      expect((await sessionView(user, sessionId)).status).toBe("order_received");
      expect(await balance(userOwner(user.id), "user")).toBe(5000n);
    } finally {
      useWorld();
    }
  });
});

describe("a settlement abandoned mid-way (its process stopped)", () => {
  it("is failed past its deadline by the worker's sweep: the money back, the session failed, the operator told", async () => {
    const user = await payer();
    const { sessionId } = await sessionWithOrder(user, reserveMerchant, { amount: "5.00" });
    const client = await db();
    const session = await client.paySession.findUniqueOrThrow({ where: { id: sessionId } });
    const path = (await findSettlementPath({ accepts: [RESERVE_GATEWAY], currency: "USD" })).path;
    if (!path || path.kind === "direct") throw new Error("expected the reserve path");
    // What a confirm does before its hops: session paying, the user debited, the row started. Then nothing.
    await inTransaction(undefined, async (tx) => {
      await transitionPaySession(tx, { sessionId, from: "order_received", to: "paying" });
      return beginPartnerSettlement(tx, { orderId: session.orderId!, userId: user.id, description: "Payment", path, now: new Date() });
    });
    expect(await balance(userOwner(user.id), "user")).toBe(4500n);
    expect((await sessionView(user, sessionId)).status).toBe("paying");
    expect((await confirm(user, sessionId)).status).toBe(409);

    expect(await resolveAbandonedSettlements(new Date())).toBe(0); // not before its deadline
    expect(await resolveAbandonedSettlements(new Date(Date.now() + 60 * 60_000))).toBe(1);
    expect(await balance(userOwner(user.id), "user")).toBe(5000n);
    expect(await sessionView(user, sessionId)).toMatchObject({ status: "failed", failureReason: expect.stringMatching(/interrupted/) });
    expect((await settlementOf(sessionId)).reconcile).toMatch(/check with OCID 300/);
    expect(await resolveAbandonedSettlements(new Date(Date.now() + 60 * 60_000))).toBe(0);
  });
});

describe("hosted checkout of an order that accepts only a partner", () => {
  let checkoutGateway: SimulatedCounterparty;
  beforeAll(async () => {
    checkoutGateway = await startSimulatedMerchantGateway({ ocid: 600, acceptedIssuers: [GATEWAY_OCID], gatewayMetadataUrl: metadata.url, gatewayOcid: GATEWAY_OCID });
    useWorld({ 600: checkoutGateway.metadataUrl });
  });
  afterAll(async () => {
    useWorld();
    await checkoutGateway.close();
  });

  async function openCheckout(merchant: SimulatedCounterparty, partial: Parameters<SimulatedCounterparty["buildOrder"]>[0]) {
    const order = merchant.buildOrder({ amount: "11.00", ...partial });
    const body = { order, signature: merchant.signOrder(order), merchantOcid: merchant.ocid, urls: { success: "https://shop.example/ok", cancel: "https://shop.example/no" } };
    const response = await checkoutCreateRoute(signedRequest(checkoutGateway, "POST", "/opencharge/checkout/create", body), ctx({}));
    return { order, status: response.status, body: await json(response) };
  }
  const pay = async (user: User, id: string) => {
    const response = await checkoutPayRoute(request(`/api/checkout/${id}/pay`, { method: "POST", ...bearer(user) }), ctx({ id }));
    return { status: response.status, body: await json(response) };
  };
  const view = async (id: string) => json(await checkoutViewRoute(request(`/api/checkout/${id}`), ctx({ id })));

  it("is paid through our reserve at G: the merchant gets G's proof, the checkout is paid, the user debited once", async () => {
    const user = await payer();
    const created = await openCheckout(reserveMerchant, { accepts: [RESERVE_GATEWAY] });
    expect(created.status).toBe(200);
    const paid = await pay(user, created.body.session_id);
    expect(paid).toMatchObject({ status: 200, body: { status: "paid", txid: expect.stringMatching(/^oc_/), successUrl: "https://shop.example/ok" } });
    expect(await balance(userOwner(user.id), "user")).toBe(3900n);
    expect(acceptedBy(reserveMerchant, created.order.id)).toHaveLength(1);
    expect(await view(created.body.session_id)).toMatchObject({ status: "paid", successUrl: "https://shop.example/ok" });
    expect((await pay(user, created.body.session_id)).status).toBe(409);
  });

  it("G failing leaves the checkout failed with the reason and the money back", async () => {
    const user = await payer();
    const created = await openCheckout(reserveMerchant, { accepts: [RESERVE_GATEWAY] });
    reserveGateway.setBehaviour("transfer/create", "error500");
    const answer = await pay(user, created.body.session_id);
    expect(answer).toMatchObject({ status: 502, body: { error: { code: "SETTLEMENT_FAILED" } } });
    expect(await balance(userOwner(user.id), "user")).toBe(5000n);
    const failed = await view(created.body.session_id);
    expect(failed).toMatchObject({ status: "failed", failureReason: answer.body.error.message });
    expect(failed.successUrl).toBeUndefined();
  });

  it("no path: checkout/create answers 400 SETTLEMENT_NOT_SUPPORTED and opens nothing", async () => {
    const client = await db();
    const sessions = await client.checkoutSession.count();
    const refused = await openCheckout(strandedMerchant, { accepts: [999] });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: "SETTLEMENT_NOT_SUPPORTED" } } });
    expect(await client.checkoutSession.count()).toBe(sessions);
  });
});

describe("our metadata's settlement block", () => {
  it("accepts what /transfer/webhook credits (us and OPENCHARGE_SETTLEMENT_ACCEPTS), not the partners we merely pay through", async () => {
    const read = async () => (await json(await metadataRoute(request("/opencharge/metadata.json"), ctx({})))).config.settlement;
    expect(await read()).toEqual({ currencies: expect.arrayContaining(["USD", "EUR"]), accepts: [GATEWAY_OCID] });
    setEnv({ OPENCHARGE_SETTLEMENT_ACCEPTS: String(PROVIDER) });
    try {
      expect((await read()).accepts).toEqual([GATEWAY_OCID, PROVIDER]);
    } finally {
      setEnv({ OPENCHARGE_SETTLEMENT_ACCEPTS: undefined });
      useWorld();
    }
  });
});
