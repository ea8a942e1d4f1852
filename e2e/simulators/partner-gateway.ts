/**
 * A simulated partner gateway G of the Opencharge network, as a real HTTP server with its own key: the
 * gateway a merchant accepts, which our wallet pays through (protocol reference §9).
 *  - Partner reserve: POST /opencharge/transfer/create from a gateway that holds a reserve here (ours):
 *    checks its signed headers, debits its reserve (402 INSUFFICIENT_FUNDS beyond it, 401 UNAUTHORIZED
 *    without one), issues a proof signed by G paying the merchant, delivers it to the merchant's
 *    /transfer/webhook with G's own signed headers and answers {proof, signature}.
 *  - As the merchant's gateway (third party): POST /opencharge/payment/create → a pending payment;
 *    POST /opencharge/payment/settle with a provider's proof → checks it (issuer accepted, signature with
 *    the provider's published key, to = G and the payment's txid, amount), completes the payment, issues
 *    and delivers G's own proof to the merchant, answers {status: "completed", txid, proof, signature};
 *    GET /opencharge/verify/{txid} → its state.
 * Each endpoint's behaviour can be switched for failure tests (network-server.ts EndpointBehaviour).
 */
import { fetchVerifiedPublicKey } from "./protocol";
import {
  errorAnswer,
  isSignedBy,
  newProof,
  startNetworkServer,
  toCents,
  type Answer,
  type EndpointBehaviour,
  type Json,
  type NetworkServer,
} from "./network-server";

type Payment = {
  txid: string;
  to: number;
  amount: string;
  currency: string;
  reference?: string;
  status: "pending_settlement" | "completed";
  createdAt: number;
  expiresAt: number;
  proof?: unknown;
  signature?: string;
  settledBy?: unknown;
};

export type PartnerEndpoint = "transfer/create" | "payment/create" | "payment/settle" | "verify";

export type SimulatedPartnerGateway = NetworkServer & {
  /** Opens (or tops up) the reserve `ocid` holds here, in minor units of any currency (the simulator keeps one book). */
  fundReserve(ocid: number, amount: string): void;
  /** What `ocid` holds here (decimal string, two decimals). */
  reserveOf(ocid: number): string;
  /** Where proofs for merchant `ocid` go: its config.endpoint (…/opencharge). */
  registerMerchant(ocid: number, endpoint: string): void;
  setBehaviour(endpoint: PartnerEndpoint, behaviour: EndpointBehaviour): void;
  payments: Map<string, Payment>;
  /** Proofs G delivered to merchants, with the merchant's answer. */
  deliveries: Array<{ merchantOcid: number; proof: any; status: number; answer: any }>;
};

export async function startPartnerGateway(options: {
  ocid: number;
  name?: string;
  /** Settlement providers whose proofs payment/settle accepts: OCID → metadata URL. */
  acceptedProviders?: Record<number, string>;
  currencies?: string[];
}): Promise<SimulatedPartnerGateway> {
  const reserves = new Map<number, bigint>();
  const merchants = new Map<number, string>();
  const payments = new Map<string, Payment>();
  const deliveries: SimulatedPartnerGateway["deliveries"] = [];
  const usedProviderTxids = new Set<string>();
  const behaviours: Record<PartnerEndpoint, EndpointBehaviour> = {
    "transfer/create": "ok",
    "payment/create": "ok",
    "payment/settle": "ok",
    verify: "ok",
  };
  const providers = options.acceptedProviders ?? {};
  const providerOcids = Object.keys(providers).map(Number);
  let self: NetworkServer;

  /** Issues G's proof (signed by G, or by a stranger for "bad_proof") and delivers it to the merchant. */
  async function issueAndDeliver(fields: { from: unknown; to: { ocid: number; reference?: string }; amount: string; currency: string }, behaviour: EndpointBehaviour) {
    const proof = newProof(options.ocid, fields);
    const signature = behaviour === "bad_proof" ? self.signWithStrangerKey(proof) : self.sign(proof);
    const endpoint = merchants.get(fields.to.ocid);
    if (endpoint) {
      const delivered = await self.post(`${endpoint}/transfer/webhook`, { proof, signature }).catch((error: Error) => ({ status: 0, body: error.message }));
      deliveries.push({ merchantOcid: fields.to.ocid, proof, status: delivered.status, answer: delivered.body });
    }
    return { proof, signature };
  }

  const afterWork = (behaviour: EndpointBehaviour, answer: Answer): Answer =>
    behaviour === "ok_then_500" ? errorAnswer(500, "INTERNAL_ERROR", "Simulated failure after the work was done") : answer;

  const before = (behaviour: EndpointBehaviour): Answer | null =>
    behaviour === "error500"
      ? errorAnswer(500, "INTERNAL_ERROR", "Simulated failure")
      : behaviour === "refuse400"
        ? errorAnswer(400, "INVALID_STATE", "Simulated refusal")
        : behaviour === "hang"
          ? { status: 0, body: null }
          : null;

  self = await startNetworkServer({
    ocid: options.ocid,
    name: options.name ?? `Simulated Partner Gateway ${options.ocid}`,
    capabilities: ["transfer.create", "transfer.webhook", "payment.create", "payment.settle", "verify.txid"],
    settlement: { currencies: options.currencies ?? ["USD", "EUR", "UGX"], accepts: [options.ocid, ...providerOcids] },
    routes: {
      "/opencharge/transfer/create": async ({ senderOcid, body }) => {
        const behaviour = behaviours["transfer/create"];
        const early = before(behaviour);
        if (early) return early;
        const { from, to, amount, currency } = body as { from?: Json; to?: Json; amount?: unknown; currency?: unknown };
        const cents = toCents(amount);
        if (!from || from.ocid !== senderOcid) return errorAnswer(401, "UNAUTHORIZED", "from.ocid must be the caller");
        if (!to || typeof to.ocid !== "number" || cents === null || typeof currency !== "string") {
          return errorAnswer(400, "BAD_REQUEST", "from, to, amount and currency are required");
        }
        if (!merchants.has(to.ocid)) return errorAnswer(400, "ACCOUNT_NOT_FOUND", `No merchant ${to.ocid} here`);
        const reserve = reserves.get(senderOcid);
        if (reserve === undefined) return errorAnswer(401, "UNAUTHORIZED", `OCID ${senderOcid} holds no reserve here`);
        if (reserve < cents) return errorAnswer(402, "INSUFFICIENT_FUNDS", `The reserve of ${senderOcid} holds less than ${amount}`);
        reserves.set(senderOcid, reserve - cents);
        const reference = typeof to.reference === "string" ? to.reference : undefined;
        const signed = await issueAndDeliver({ from, to: { ocid: to.ocid, reference }, amount: amount as string, currency }, behaviour);
        return afterWork(behaviour, { status: 200, body: signed });
      },
      "/opencharge/payment/create": ({ body }) => {
        const behaviour = behaviours["payment/create"];
        const early = before(behaviour);
        if (early) return early;
        const { to, amount, currency, reference } = body as { to?: unknown; amount?: unknown; currency?: unknown; reference?: unknown };
        if (typeof to !== "number" || toCents(amount) === null || typeof currency !== "string") {
          return errorAnswer(400, "BAD_REQUEST", "to, amount and currency are required");
        }
        if (!merchants.has(to)) return errorAnswer(400, "MERCHANT_NOT_REGISTERED", `Merchant ${to} is not registered here`);
        const now = Math.floor(Date.now() / 1000);
        const payment: Payment = {
          txid: `pay_${options.ocid}_${payments.size + 1}_${now}`,
          to,
          amount: amount as string,
          currency,
          ...(typeof reference === "string" ? { reference } : {}),
          status: "pending_settlement",
          createdAt: now,
          expiresAt: now + 3600,
        };
        payments.set(payment.txid, payment);
        return afterWork(behaviour, {
          status: 200,
          body: { status: "pending_settlement", txid: payment.txid, amount: payment.amount, currency, expiresAt: payment.expiresAt, settlement: { accepts: providerOcids } },
        });
      },
      "/opencharge/payment/settle": async ({ body }) => {
        const behaviour = behaviours["payment/settle"];
        const early = before(behaviour);
        if (early) return early;
        const { txid, proof, signature } = body as { txid?: unknown; proof?: Json; signature?: unknown };
        const payment = typeof txid === "string" ? payments.get(txid) : undefined;
        if (!payment) return errorAnswer(404, "PAYMENT_NOT_FOUND", "No such payment");
        if (payment.status !== "pending_settlement") return errorAnswer(400, "INVALID_STATE", `The payment is ${payment.status}`);
        if (!proof || typeof proof.issuer !== "number" || !providers[proof.issuer]) return errorAnswer(400, "ISSUER_NOT_ACCEPTED", "Issuer not accepted");
        const providerKey = await fetchVerifiedPublicKey(providers[proof.issuer]!);
        if (!isSignedBy(proof, signature, providerKey)) return errorAnswer(400, "PROOF_SIGNATURE_INVALID", "The provider's proof does not verify");
        const to = proof.to as Json | undefined;
        if (!to || to.ocid !== options.ocid || to.reference !== payment.txid) return errorAnswer(400, "INVALID_PROOF", "The proof does not pay this payment");
        if (proof.amount !== payment.amount || proof.currency !== payment.currency) return errorAnswer(400, "AMOUNT_MISMATCH", "Amount mismatch");
        if (usedProviderTxids.has(`${proof.issuer}:${String(proof.txid)}`)) return errorAnswer(400, "INVALID_PROOF", "Proof already used");
        usedProviderTxids.add(`${proof.issuer}:${String(proof.txid)}`);
        const signed = await issueAndDeliver(
          { from: { ocid: options.ocid, reference: payment.txid }, to: { ocid: payment.to, reference: payment.reference ?? payment.txid }, amount: payment.amount, currency: payment.currency },
          behaviour,
        );
        Object.assign(payment, { status: "completed", proof: signed.proof, signature: signed.signature, settledBy: proof });
        return afterWork(behaviour, { status: 200, body: { status: "completed", txid: payment.txid, ...signed } });
      },
    },
    publicGets: {
      "/opencharge/verify/": (txid) => {
        const behaviour = behaviours.verify;
        if (behaviour === "error500" || behaviour === "ok_then_500") return errorAnswer(500, "INTERNAL_ERROR", "Simulated failure");
        const payment = payments.get(txid);
        if (!payment) return errorAnswer(404, "TXID_NOT_FOUND", "No such transaction");
        if (payment.status === "completed") return { status: 200, body: { status: "completed", proof: payment.proof, signature: payment.signature } };
        return { status: 200, body: { status: "pending", txid, amount: payment.amount, currency: payment.currency, createdAt: payment.createdAt, expiresAt: payment.expiresAt } };
      },
    },
  });

  return Object.assign(self, {
    fundReserve(ocid: number, amount: string) {
      reserves.set(ocid, (reserves.get(ocid) ?? 0n) + (toCents(amount) ?? 0n));
    },
    reserveOf(ocid: number) {
      const cents = reserves.get(ocid) ?? 0n;
      return `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`;
    },
    registerMerchant(ocid: number, endpoint: string) {
      merchants.set(ocid, endpoint.replace(/\/+$/, ""));
    },
    setBehaviour(endpoint: PartnerEndpoint, behaviour: EndpointBehaviour) {
      behaviours[endpoint] = behaviour;
    },
    payments,
    deliveries,
  });
}
