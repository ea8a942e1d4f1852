/**
 * A simulated Opencharge counterparty (merchant or merchant gateway) as a real HTTP server on
 * 127.0.0.1 with its own key pair: it serves its metadata and receives transfer proofs on
 * POST /opencharge/transfer/webhook, checking them the way §8.2/§8.3 say a merchant does. Its
 * `acceptance` option narrows which of our signature forms it accepts, to play receivers built from
 * the public docs' code (replacer canonical JSON only, DER only, Express req.path, …).
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { generateKeyPair, verifyMessage } from "../../lib/opencharge/crypto";
import {
  canonicalRequestText,
  fetchVerifiedPublicKey,
  signatureForm,
  signedHeaders,
  signObjectWith,
  verifyObject,
  type CanonicalMode,
  type SignatureForm,
} from "./protocol";

export type SimulatedOrder = {
  id: string;
  ocid: number;
  amount: string;
  currency: string;
  createdAt: number;
  expiresAt?: number;
  accepts: number[];
  reference?: string;
  memo?: string;
  items?: Array<{ id: string; name: string; quantity: number; price: string }>;
};

/** How POST /transfer/webhook answers: normally, 500, never, or 429 (for delivery retry tests). */
export type WebhookBehaviour = "ok" | "error500" | "hang" | "status429";
/**
 * Which of our signatures it accepts, to play receivers built from the public docs' code (README
 * "Interoperability"). Default: both canonical forms, every encoding, the full path (a lenient spec reader).
 */
export type SignatureAcceptance = {
  /** Canonical forms a proof signature may be over. */
  canonicalModes?: CanonicalMode[];
  /** Encodings it can read, for the proof signature and X-OC-Signature alike (noble v1 verify: ["der", "compact"]). */
  signatureEncodings?: SignatureForm[];
  /** Paths it rebuilds the canonical request with: "full" (pathname + query) or "relative" (Express req.path below /opencharge). */
  requestPaths?: Array<"full" | "relative">;
  /** How it words a signature refusal: the protocol's {error: {code, message}} (default) or a bare 401 {"error": "Invalid signature"}. */
  errorShape?: "protocol" | "plain";
};

/** How GET /metadata.json answers (for resolver failure tests). */
export type MetadataBehaviour = "ok" | "flat" | "not_json" | "bad_signature" | "hang" | "redirect";

export type ReceivedProof = {
  receivedAt: number;
  /** X-OC-ID of the request, as sent. */
  senderOcid: string | null;
  proof: unknown;
  signature: unknown;
  status: number;
  outcome: "accepted" | "rejected" | "error";
  /** Error code when outcome is "error". */
  code?: string;
  message?: string;
  /** The canonical form the proof signature verified in. */
  proofCanonicalMode?: CanonicalMode;
  /** How the proof signature was written. */
  signatureEncoding?: SignatureForm;
  /** The path form X-OC-Signature verified with. */
  requestPath?: "full" | "relative";
};

export type SimulatedCounterparty = {
  ocid: number;
  publicKey: string;
  /** Base URL of the server, e.g. http://127.0.0.1:41234. */
  url: string;
  /** `config.endpoint` of its metadata: url + "/opencharge". */
  endpoint: string;
  metadataUrl: string;
  /** A full order with id, createdAt, expiresAt and accepts filled in; remembered for webhook lookups. */
  buildOrder(partial?: Partial<SimulatedOrder>): SimulatedOrder;
  /** Its signature over canonical(order) in its canonical mode. */
  signOrder(order: object): string;
  /** Its signature over canonical(value) in its canonical mode: proofs it issues, any signed object. */
  signObject(value: object): string;
  /** Makes proofs referencing `reference` (default order.id) resolve to this order. */
  trackOrder(order: SimulatedOrder, reference?: string): void;
  /** X-OC-* headers signed with its key for exactly this method, URL and body. */
  signHeaders(method: string, url: string, body: string, fixed?: { timestamp?: number; nonce?: string }): Record<string, string>;
  /** fetch() with X-OC-* headers signed with its key; a non-string body is sent as compact JSON. */
  signedFetch(url: string, init?: { method?: "GET" | "POST"; body?: unknown }): Promise<Response>;
  /** Every webhook call that got past the behaviour switch, with its verification outcome. */
  proofs: ReceivedProof[];
  /** The received proof with this txid (calls that failed before a proof was read have none). */
  findProof(txid: string): ReceivedProof | undefined;
  /** Counts of requests received, by kind. */
  hits: { metadata: number; webhook: number };
  setWebhookBehaviour(behaviour: WebhookBehaviour): void;
  setMetadataBehaviour(behaviour: MetadataBehaviour): void;
  /** Changes which signatures it accepts from now on. */
  setSignatureAcceptance(acceptance: SignatureAcceptance): void;
  close(): Promise<void>;
};

export type CounterpartyServerOptions = {
  ocid: number;
  /** Issuers whose proofs it accepts (also the default `accepts` of the orders it builds). */
  acceptedIssuers: number[];
  /** The gateway's /opencharge/metadata.json: the key that signs proofs and request headers. */
  gatewayMetadataUrl: string;
  /** When set, requests must come from this OCID (401 UNKNOWN_OCID otherwise). */
  gatewayOcid?: number;
  /** How it signs its metadata config and orders (default "recursive"); it verifies both forms. */
  canonicalMode?: CanonicalMode;
  name?: string;
  capabilities?: string[];
  /** Besides itself, may a proof's to.ocid name the merchant of a tracked order (merchant gateways)? */
  acceptProofsForTrackedMerchants?: boolean;
  /** Which of our signatures it accepts (default: every form). */
  acceptance?: SignatureAcceptance;
};

/** What a merchant or merchant gateway simulator is started with (e2e/simulators/merchant*.ts). */
export type SimulatorOptions = Omit<CounterpartyServerOptions, "capabilities" | "acceptProofsForTrackedMerchants">;

type Outcome = { status: number; body: Record<string, unknown>; record?: Partial<ReceivedProof> };

const MAX_BODY = 1024 * 1024;
const WINDOW_SECONDS = 300;

const errorOutcome = (status: number, code: string, message: string): Outcome => ({
  status,
  body: { error: { code, message } },
  record: { outcome: "error", code, message },
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const isInt = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value);

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy(new Error("body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function startCounterpartyServer(options: CounterpartyServerOptions): Promise<SimulatedCounterparty> {
  const { ocid, acceptedIssuers, gatewayMetadataUrl } = options;
  const mode: CanonicalMode = options.canonicalMode ?? "recursive";
  const { privateKey, publicKey } = generateKeyPair();
  const orders = new Map<string, SimulatedOrder>();
  const paidReferences = new Set<string>();
  const seenTxids = new Set<string>();
  const seenNonces = new Set<string>();
  const proofs: ReceivedProof[] = [];
  const hits = { metadata: 0, webhook: 0 };
  let webhookBehaviour: WebhookBehaviour = "ok";
  let metadataBehaviour: MetadataBehaviour = "ok";
  let acceptance: SignatureAcceptance = options.acceptance ?? {};
  let base = "";
  const acceptedModes = () => acceptance.canonicalModes ?? (["recursive", "replacer"] as CanonicalMode[]);
  const acceptedEncodings = () => acceptance.signatureEncodings ?? (["rsv", "compact", "der"] as SignatureForm[]);
  const acceptedPaths = () => acceptance.requestPaths ?? ["full"];
  const signatureRefusal = (status: number, code: string, message: string): Outcome =>
    acceptance.errorShape === "plain"
      ? { status: 401, body: { error: "Invalid signature" }, record: { outcome: "error", code: "INVALID_SIGNATURE", message } }
      : errorOutcome(status, code, message);

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, { "content-type": typeof body === "string" ? "text/html" : "application/json", ...headers });
    res.end(text);
  };

  function metadataDocument(): unknown {
    const config = {
      publicKey,
      endpoint: `${base}/opencharge`,
      capabilities: options.capabilities ?? ["transfer.webhook"],
      settlement: { currencies: ["USD", "EUR", "UGX"], accepts: acceptedIssuers },
    };
    const name = options.name ?? `Simulated counterparty ${ocid}`;
    if (metadataBehaviour === "flat") {
      const flat = { opencharge: "0.1", name, ...config };
      return { ...flat, signature: signObjectWith(flat, privateKey, mode) };
    }
    // bad_signature: a well-formed signature by the right key, over a different config.
    const signed = metadataBehaviour === "bad_signature" ? { ...config, endpoint: "https://attacker.example/opencharge" } : config;
    return { opencharge: "0.1", name, config, signature: signObjectWith(signed, privateKey, mode) };
  }

  async function verifyRequestHeaders(
    req: http.IncomingMessage,
    raw: string,
  ): Promise<Outcome | { senderOcid: number; senderKey: string; requestPath: "full" | "relative" }> {
    const header = (name: string) => req.headers[name.toLowerCase()];
    const id = header("X-OC-ID");
    const timestamp = header("X-OC-Timestamp");
    const nonce = header("X-OC-Nonce");
    const signature = header("X-OC-Signature");
    if (typeof id !== "string" || typeof timestamp !== "string" || typeof nonce !== "string" || typeof signature !== "string") {
      return errorOutcome(401, "INVALID_SIGNATURE", "Missing X-OC-* headers");
    }
    if (!/^\d+$/.test(timestamp) || Math.abs(Number(timestamp) - Date.now() / 1000) > WINDOW_SECONDS) {
      return errorOutcome(401, "TIMESTAMP_EXPIRED", "X-OC-Timestamp outside ±300 s");
    }
    if (options.gatewayOcid !== undefined && id !== String(options.gatewayOcid)) {
      return errorOutcome(401, "UNKNOWN_OCID", `OCID ${id} is not known here`);
    }
    let senderKey: string;
    try {
      senderKey = await fetchVerifiedPublicKey(gatewayMetadataUrl);
    } catch (error) {
      return errorOutcome(502, "METADATA_UNAVAILABLE", `Sender metadata: ${(error as Error).message}`);
    }
    const full = req.url ?? "";
    const pathname = full.split("?")[0] ?? "";
    const candidates = { full, relative: pathname.startsWith("/opencharge/") ? pathname.slice("/opencharge".length) : pathname };
    const requestPath = acceptedEncodings().includes(signatureForm(signature))
      ? acceptedPaths().find((form) =>
          verifyMessage(
            canonicalRequestText({ ocid: id, timestamp, nonce, method: req.method ?? "", path: candidates[form], body: raw }),
            signature,
            senderKey,
          ),
        )
      : undefined;
    if (!requestPath) return signatureRefusal(401, "INVALID_SIGNATURE", "X-OC-Signature does not verify");
    if (seenNonces.has(`${id}:${nonce}`)) return errorOutcome(401, "NONCE_REUSED", "X-OC-Nonce already used");
    seenNonces.add(`${id}:${nonce}`);
    return { senderOcid: Number(id), senderKey, requestPath };
  }

  async function receiveProof(req: http.IncomingMessage, raw: string): Promise<Outcome> {
    const auth = await verifyRequestHeaders(req, raw);
    if ("status" in auth) return auth;
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return errorOutcome(400, "INVALID_PROOF", "Body is not JSON");
    }
    if (!isRecord(body) || !isRecord(body.proof) || typeof body.signature !== "string") {
      return errorOutcome(400, "INVALID_PROOF", "Body must be {proof, signature}");
    }
    const { proof, signature } = body;
    const from = proof.from;
    const to = proof.to;
    if (
      typeof proof.txid !== "string" ||
      !isInt(proof.issuer) ||
      !isRecord(from) ||
      !isInt(from.ocid) ||
      !isRecord(to) ||
      !isInt(to.ocid) ||
      typeof proof.amount !== "string" ||
      typeof proof.currency !== "string" ||
      !isInt(proof.timestamp)
    ) {
      return errorOutcome(400, "INVALID_PROOF", "Proof lacks a required field");
    }
    const record: Partial<ReceivedProof> = { proof, signature, requestPath: auth.requestPath };
    const fail = (status: number, code: string, message: string): Outcome => ({
      ...errorOutcome(status, code, message),
      record: { ...record, outcome: "error", code, message },
    });
    if (proof.issuer !== auth.senderOcid) return fail(400, "INVALID_PROOF", "proof.issuer must equal X-OC-ID");
    if (!acceptedIssuers.includes(proof.issuer)) return fail(400, "ISSUER_NOT_ACCEPTED", `Issuer ${proof.issuer} is not accepted`);
    const proofMode = acceptedEncodings().includes(signatureForm(signature))
      ? verifyObject(proof, signature, auth.senderKey, acceptedModes())
      : null;
    if (!proofMode) {
      const refusal = signatureRefusal(400, "PROOF_SIGNATURE_INVALID", "Proof signature does not verify");
      return { ...refusal, record: { ...record, ...refusal.record } };
    }
    record.proofCanonicalMode = proofMode;
    record.signatureEncoding = signatureForm(signature);
    const reference = typeof to.reference === "string" ? to.reference : "";
    const order = orders.get(reference);
    const recipients = new Set([ocid]);
    if (options.acceptProofsForTrackedMerchants && order) recipients.add(order.ocid);
    if (!recipients.has(to.ocid)) return fail(400, "INVALID_PROOF", `Proof is addressed to OCID ${to.ocid}, not to us`);
    if (!order) return fail(400, "ORDER_NOT_FOUND", `No order "${reference}"`);
    if (!order.accepts.includes(proof.issuer)) return fail(400, "ISSUER_NOT_ACCEPTED", "Issuer not accepted for this order");
    if (proof.amount !== order.amount) return fail(400, "AMOUNT_MISMATCH", `Expected ${order.amount}`);
    if (proof.currency !== order.currency) return fail(400, "CURRENCY_MISMATCH", `Expected ${order.currency}`);
    if (seenTxids.has(proof.txid) || paidReferences.has(reference)) {
      const message = seenTxids.has(proof.txid) ? "Duplicate txid" : "Order already paid";
      return { status: 200, body: { status: "rejected", txid: proof.txid, message }, record: { ...record, outcome: "rejected", message } };
    }
    seenTxids.add(proof.txid);
    paidReferences.add(reference);
    return { status: 200, body: { status: "accepted", txid: proof.txid }, record: { ...record, outcome: "accepted" } };
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? "").split("?")[0];
      if (req.method === "GET" && path === "/opencharge/metadata.json") {
        hits.metadata++;
        switch (metadataBehaviour) {
          case "hang":
            return; // never answers; close() drops the connection
          case "not_json":
            return send(res, 200, "<html><body>Not metadata</body></html>");
          case "redirect":
            return send(res, 302, { moved: true }, { location: `${base}/opencharge/metadata.json` });
          default:
            return send(res, 200, metadataDocument());
        }
      }
      if (req.method === "POST" && path === "/opencharge/transfer/webhook") {
        hits.webhook++;
        const raw = await readBody(req);
        if (webhookBehaviour === "hang") return;
        if (webhookBehaviour === "error500") return send(res, 500, { error: { code: "VERIFICATION_ERROR", message: "Simulated failure" } });
        if (webhookBehaviour === "status429") {
          return send(res, 429, { error: { code: "RATE_LIMITED", message: "Simulated rate limit" } }, { "retry-after": "1" });
        }
        const outcome = await receiveProof(req, raw);
        proofs.push({
          receivedAt: Date.now(),
          senderOcid: typeof req.headers["x-oc-id"] === "string" ? req.headers["x-oc-id"] : null,
          proof: undefined,
          signature: undefined,
          status: outcome.status,
          outcome: "error",
          ...outcome.record,
        });
        return send(res, outcome.status, outcome.body);
      }
      send(res, 404, { error: { code: "NOT_FOUND", message: "No such endpoint" } });
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: { code: "VERIFICATION_ERROR", message: String(error) } });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signHeaders: SimulatedCounterparty["signHeaders"] = (method, url, body, fixed = {}) =>
    signedHeaders({ ocid, privateKey, method, url, body, ...fixed });

  return {
    ocid,
    publicKey,
    url: base,
    endpoint: `${base}/opencharge`,
    metadataUrl: `${base}/opencharge/metadata.json`,
    buildOrder(partial = {}) {
      const now = Math.floor(Date.now() / 1000);
      const order: SimulatedOrder = {
        id: `ord_${randomBytes(8).toString("hex")}`,
        ocid,
        amount: "15.00",
        currency: "USD",
        createdAt: now,
        expiresAt: now + 900,
        accepts: [...acceptedIssuers],
        ...partial,
      };
      for (const key of Object.keys(order) as Array<keyof SimulatedOrder>) if (order[key] === undefined) delete order[key];
      orders.set(order.id, order);
      return order;
    },
    signOrder: (order) => signObjectWith(order, privateKey, mode),
    signObject: (value) => signObjectWith(value, privateKey, mode),
    findProof: (txid) => proofs.find((p) => (p.proof as { txid?: unknown } | undefined)?.txid === txid),
    trackOrder(order, reference = order.id) {
      orders.set(reference, order);
    },
    signHeaders,
    async signedFetch(url, init = {}) {
      const method = init.method ?? (init.body === undefined ? "GET" : "POST");
      const body = init.body === undefined ? "" : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
      const headers: Record<string, string> = signHeaders(method, url, body);
      if (method === "POST") headers["content-type"] = "application/json";
      return fetch(url, { method, headers, body: method === "POST" ? body : undefined, redirect: "manual" });
    },
    proofs,
    hits,
    setWebhookBehaviour(behaviour) {
      webhookBehaviour = behaviour;
    },
    setMetadataBehaviour(behaviour) {
      metadataBehaviour = behaviour;
    },
    setSignatureAcceptance(next) {
      acceptance = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
