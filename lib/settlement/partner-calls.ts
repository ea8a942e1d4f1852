/**
 * The hops of settlement out (protocol reference §9): signed requests to a partner gateway or settlement
 * provider, each answer checked before it is believed. Every hop ends in one of three ways:
 *  - its value, when the partner answered 2xx with exactly what was asked for (a proof whose signature
 *    verifies with the issuer's published key, naming the right payee, reference, amount and currency);
 *  - HopFailure "refused": the partner answered 4xx (or we never reached it): nothing moved there;
 *  - HopFailure "unknown": no answer (timeout, connection lost), 5xx or 3xx, or a 2xx we cannot believe
 *    (not JSON, a proof that does not verify or pays someone else): the partner may have moved the money.
 * Each request is recorded in the hop log (time, status, latency, outcome, the partner's error text) —
 * never a header, key or signature.
 */
import { isAppError } from "@/lib/errors";
import { verifyReceivedProof, type VerifiedProof } from "@/lib/network/received-proof";
import { counterpartyUrl, OutboundRequestError, sendSignedRequest, type SignedResponse } from "@/lib/opencharge/client";
import { findCounterpartySource } from "@/lib/opencharge/counterparty-sources";
import { getGatewayIdentity } from "@/lib/opencharge/identity";
import type { Counterparty } from "@/lib/opencharge/resolver";
import { SPEC_SIGNING_PROFILE } from "@/lib/opencharge/signing-profile";

export type HopName = "transfer/create" | "payment/create" | "provider transfer/create" | "payment/settle" | "verify";

export type HopLogEntry = {
  hop: HopName;
  ocid: number;
  at: string;
  httpStatus?: number;
  latencyMs?: number;
  outcome: "ok" | "refused" | "unknown";
  error?: string;
};

/** A hop that did not give what was asked; `kind` says whether the partner may have moved money. */
export class HopFailure extends Error {
  constructor(
    readonly kind: "refused" | "unknown",
    readonly hop: HopName,
    readonly partnerOcid: number,
    message: string,
  ) {
    super(message);
    this.name = "HopFailure";
  }
}

const DEFAULT_HOP_TIMEOUT_MS = 10_000;
let hopTimeoutMs = DEFAULT_HOP_TIMEOUT_MS;

/** Tests shorten the time a hop may take; `undefined` restores the default (10 s). */
export function setSettlementHopTimeout(ms: number | undefined): void {
  hopTimeoutMs = ms ?? DEFAULT_HOP_TIMEOUT_MS;
}

export function settlementHopTimeoutMs(): number {
  return hopTimeoutMs;
}

/** The facts of the merchant order a hop pays: copied verbatim into every request (reference §6). */
export type OrderFacts = {
  merchantOcid: number;
  merchantOrderId: string;
  amount: string;
  currency: string;
  /** Where the order can be fetched (its `urls.order`), passed as `order.urls` (reference §9). */
  orderUrls: string[];
  /** Our reference for the payer's side: the debit posting's id (merchants need no user identity). */
  fromReference: string;
};

export type PartnerProof = { txid: string; proof: unknown; signature: string };

/** Partner reserve: POST G/transfer/create → G's proof that it paid the merchant from our reserve. */
export async function requestReserveTransfer(gateway: Counterparty, order: OrderFacts, log: HopLogEntry[]): Promise<PartnerProof> {
  const ours = getGatewayIdentity().ocid;
  const json = await callPartner(gateway, "transfer/create", "/transfer/create", {
    from: { ocid: ours, reference: order.fromReference },
    to: { ocid: order.merchantOcid, reference: order.merchantOrderId },
    amount: order.amount,
    currency: order.currency,
    order: { id: order.merchantOrderId, urls: order.orderUrls },
  }, log);
  return believeProof(json, { hop: "transfer/create", issuer: gateway, payee: order.merchantOcid, references: [order.merchantOrderId], order }, log);
}

export type GatewayPayment = { txid: string };

/** Third party, hop 1: POST G/payment/create → G's pending payment for the merchant (moves no money). */
export async function createGatewayPayment(
  gateway: Counterparty,
  provider: Counterparty,
  order: OrderFacts,
  log: HopLogEntry[],
): Promise<GatewayPayment> {
  const json = await callPartner(gateway, "payment/create", "/payment/create", {
    to: order.merchantOcid,
    amount: order.amount,
    currency: order.currency,
    reference: order.merchantOrderId,
    order: { id: order.merchantOrderId, urls: order.orderUrls },
  }, log);
  const answer = json as { status?: unknown; txid?: unknown; amount?: unknown; currency?: unknown; settlement?: { accepts?: unknown } } | null;
  // payment/create moves no money, so even an answer we cannot use leaves nothing to recover.
  const refuse = (why: string) => fail(log, "refused", "payment/create", gateway.ocid, `${gateway.name} (OCID ${gateway.ocid}) answered payment/create ${why}`);
  if (!answer || typeof answer !== "object") throw refuse("with something that is not a payment");
  if (answer.status !== "pending_settlement") throw refuse(`with status ${JSON.stringify(answer.status)}, not pending_settlement`);
  if (typeof answer.txid !== "string" || answer.txid.length === 0 || answer.txid.length > 200) throw refuse("without a txid");
  if (answer.amount !== undefined && answer.amount !== order.amount) throw refuse(`for ${String(answer.amount)}, not ${order.amount}`);
  if (answer.currency !== undefined && answer.currency !== order.currency) throw refuse(`in ${String(answer.currency)}, not ${order.currency}`);
  const accepts = answer.settlement?.accepts;
  if (Array.isArray(accepts) && !accepts.includes(provider.ocid)) {
    throw refuse(`accepting settlement from ${accepts.join(", ") || "nobody"}, not from our provider ${provider.ocid}`);
  }
  return { txid: answer.txid };
}

/** Third party, hop 2: POST P/transfer/create → P's proof that it paid G for G's payment. */
export async function requestProviderTransfer(
  provider: Counterparty,
  gateway: Counterparty,
  payment: GatewayPayment,
  order: OrderFacts,
  log: HopLogEntry[],
): Promise<PartnerProof> {
  const ours = getGatewayIdentity().ocid;
  const json = await callPartner(provider, "provider transfer/create", "/transfer/create", {
    from: { ocid: ours, reference: order.fromReference },
    to: { ocid: gateway.ocid, reference: payment.txid },
    amount: order.amount,
    currency: order.currency,
  }, log);
  return believeProof(json, { hop: "provider transfer/create", issuer: provider, payee: gateway.ocid, references: [payment.txid], order }, log);
}

/** Third party, hop 3: POST G/payment/settle with P's proof → G's own proof to the merchant. */
export async function settleGatewayPayment(
  gateway: Counterparty,
  payment: GatewayPayment,
  providerProof: PartnerProof,
  order: OrderFacts,
  log: HopLogEntry[],
): Promise<PartnerProof> {
  const json = await callPartner(gateway, "payment/settle", "/payment/settle", {
    txid: payment.txid,
    proof: providerProof.proof,
    signature: providerProof.signature,
  }, log);
  return believeSettledPayment(json, gateway, payment, order, "payment/settle", log);
}

/**
 * After a settle whose answer was lost: GET G/verify/{txid} says whether G completed the payment. Only a
 * completed payment with a proof we believe counts; anything else is left as it was (the caller fails).
 */
export async function verifyGatewayPayment(
  gateway: Counterparty,
  payment: GatewayPayment,
  order: OrderFacts,
  log: HopLogEntry[],
): Promise<PartnerProof> {
  const json = await callPartner(gateway, "verify", `/verify/${encodeURIComponent(payment.txid)}`, undefined, log);
  return believeSettledPayment(json, gateway, payment, order, "verify", log);
}

function believeSettledPayment(
  json: unknown,
  gateway: Counterparty,
  payment: GatewayPayment,
  order: OrderFacts,
  hop: HopName,
  log: HopLogEntry[],
): Promise<PartnerProof> {
  const answer = json as { status?: unknown } | null;
  if (!answer || typeof answer !== "object" || answer.status !== "completed") {
    const status = answer && typeof answer === "object" ? JSON.stringify(answer.status) : "nothing";
    throw fail(log, "unknown", hop, gateway.ocid, `${gateway.name} (OCID ${gateway.ocid}) answered ${hop} with status ${status}, not completed`);
  }
  // G's proof names the merchant; its reference is the merchant's order or G's own payment (docs differ).
  return believeProof(json, { hop, issuer: gateway, payee: order.merchantOcid, references: [order.merchantOrderId, payment.txid], order }, log);
}

/**
 * A partner's 2xx answer carrying `{proof, signature}`: verified as any proof that reaches us (§8.3, the
 * one implementation in lib/network/received-proof.ts) with the partner as the only accepted issuer and
 * the expected payee, then held to what we asked for. A proof we cannot believe is "unknown": the partner
 * said it moved the money, so we cannot say it did not.
 */
async function believeProof(
  json: unknown,
  expected: { hop: HopName; issuer: Counterparty; payee: number; references: string[]; order: OrderFacts },
  log: HopLogEntry[],
): Promise<PartnerProof> {
  const { hop, issuer, order } = expected;
  let verified: VerifiedProof;
  try {
    verified = await verifyReceivedProof(json, { acceptedIssuers: [issuer.ocid], payee: expected.payee });
  } catch (error) {
    if (!isAppError(error)) throw error;
    throw fail(log, "unknown", hop, issuer.ocid, `${issuer.name} (OCID ${issuer.ocid}) answered ${hop} with a proof we cannot accept: ${error.message}`);
  }
  const { proof } = verified;
  const mismatch =
    !expected.references.includes(proof.to.reference ?? "")
      ? `its proof names reference ${JSON.stringify(proof.to.reference ?? null)}, not ${JSON.stringify(expected.references[0])}`
      : proof.amount !== order.amount || proof.currency !== order.currency
        ? `its proof is for ${proof.amount} ${proof.currency}, not ${order.amount} ${order.currency}`
        : null;
  if (mismatch) throw fail(log, "unknown", hop, issuer.ocid, `${issuer.name} (OCID ${issuer.ocid}) answered ${hop}, but ${mismatch}`);
  return { txid: proof.txid, proof: verified.rawProof, signature: verified.signature };
}

/** Records a failure the answer's content caused (the request itself was logged "ok") and returns it. */
function fail(log: HopLogEntry[], kind: "refused" | "unknown", hop: HopName, ocid: number, message: string): HopFailure {
  const last = log[log.length - 1];
  if (last && last.hop === hop) {
    last.outcome = kind;
    last.error = message.slice(0, 300);
  }
  return new HopFailure(kind, hop, ocid, message);
}

/** One signed request to a partner; its JSON answer when 2xx, a HopFailure otherwise (logged either way). */
async function callPartner(
  partner: Counterparty,
  hop: HopName,
  path: string,
  body: object | undefined,
  log: HopLogEntry[],
): Promise<unknown> {
  const entry: HopLogEntry = { hop, ocid: partner.ocid, at: new Date().toISOString(), outcome: "ok" };
  log.push(entry);
  const who = `${partner.name} (OCID ${partner.ocid})`;
  const failure = (kind: "refused" | "unknown", message: string) => {
    entry.outcome = kind;
    entry.error = message.slice(0, 300);
    return new HopFailure(kind, hop, partner.ocid, message);
  };
  const source = await findCounterpartySource(partner.ocid);
  const profile = source ?? SPEC_SIGNING_PROFILE;
  let response: SignedResponse;
  try {
    response = await sendSignedRequest({
      url: counterpartyUrl(partner, path),
      method: body === undefined ? "GET" : "POST",
      body,
      timeoutMs: hopTimeoutMs,
      signing: { requestPath: profile.requestPath, signatureEncoding: profile.signatureEncoding, endpoint: partner.endpoint },
    });
  } catch (error) {
    if (!(error instanceof OutboundRequestError)) throw error;
    // A refused address was never contacted: nothing can have moved. Anything else may have arrived.
    const kind = error.kind === "refused_address" ? "refused" : "unknown";
    throw failure(kind, `${who} did not answer ${hop}: ${error.message}`);
  }
  entry.httpStatus = response.status;
  entry.latencyMs = response.latencyMs;
  if (response.status >= 200 && response.status < 300) {
    if (response.json === undefined) throw failure("unknown", `${who} answered ${hop} ${response.status} with something that is not JSON`);
    return response.json;
  }
  const said = partnerError(response);
  // 4xx: the partner refused the request, so it did nothing. 5xx and 3xx (after a POST, a 303 may follow
  // work that was done) leave it open whether the partner acted.
  const kind = response.status >= 400 && response.status < 500 ? "refused" : "unknown";
  throw failure(kind, `${who} answered ${hop} with HTTP ${response.status}${said ? ` ${said}` : ""}`);
}

/** "CODE: message" of the partner's error envelope, short; "" when it sent none. */
function partnerError(response: SignedResponse): string {
  const error = (response.json as { error?: unknown } | undefined)?.error;
  if (typeof error === "string") return error.slice(0, 200);
  if (error && typeof error === "object") {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return [code, message].filter((part) => typeof part === "string").join(": ").slice(0, 200);
  }
  return "";
}

/** Thrown when the path's parties cannot be resolved before any hop: nothing was asked of anyone. */
export function unresolvedPartner(error: unknown, ocid: number): HopFailure {
  const message = isAppError(error) ? error.message : error instanceof Error ? error.message : String(error);
  return new HopFailure("refused", "transfer/create", ocid, `OCID ${ocid} cannot be reached: ${message}`);
}
