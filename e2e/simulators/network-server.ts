/**
 * What the simulated partners of settlement out (partner-gateway.ts, settlement-provider.ts) share: an
 * HTTP server on 127.0.0.1 with its own key pair and signed metadata, that checks the X-OC-* headers of
 * every call against the caller's published key (known senders only), and signs what it sends. Built on
 * the simulators' own protocol pieces (protocol.ts), independent of the app's protocol layer.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { generateKeyPair, verifyMessage } from "../../lib/opencharge/crypto";
import { canonicalRequestText, fetchVerifiedPublicKey, signedHeaders, signObjectWith, verifyObject } from "./protocol";

export type Json = Record<string, unknown>;
export type Answer = { status: number; body: unknown };
export type Handler = (call: { senderOcid: number; body: Json; path: string }) => Promise<Answer> | Answer;

/**
 * How an endpoint behaves this time: as it should; 500 before doing anything; 500 after doing the work
 * (the answer lost: the case a caller cannot tell from "nothing happened"); never answering; answering
 * 2xx with a proof signed by another key; refusing with 400 INVALID_STATE before doing anything.
 */
export type EndpointBehaviour = "ok" | "error500" | "ok_then_500" | "hang" | "bad_proof" | "refuse400";

export type NetworkServer = {
  ocid: number;
  publicKey: string;
  url: string;
  endpoint: string;
  metadataUrl: string;
  /** Its signature over canonical(value) (recursive form). */
  sign(value: unknown): string;
  /** A signature by a key that is not its own (for "bad_proof"). */
  signWithStrangerKey(value: unknown): string;
  /** Lets `ocid` call it: requests are checked against the key of this metadata URL. */
  allowSender(ocid: number, metadataUrl: string): void;
  /** POSTs `body` to `url` with its own signed X-OC-* headers; the answer's status and JSON. */
  post(url: string, body: unknown): Promise<{ status: number; body: any }>;
  /** Every call that passed the headers check: path, sender, body, status answered. */
  calls: Array<{ path: string; senderOcid: number; body: Json; status: number }>;
  close(): Promise<void>;
};

const MAX_BODY = 256 * 1024;
const WINDOW_SECONDS = 300;

export const errorAnswer = (status: number, code: string, message: string): Answer => ({ status, body: { error: { code, message } } });

export async function startNetworkServer(options: {
  ocid: number;
  name: string;
  capabilities: string[];
  settlement: { currencies: string[]; accepts: number[] };
  routes: Record<string, Handler>;
  /** GET routes without authentication (e.g. verify/{txid}): path prefix → handler of the rest. */
  publicGets?: Record<string, (rest: string) => Answer>;
}): Promise<NetworkServer> {
  const { privateKey, publicKey } = generateKeyPair();
  const stranger = generateKeyPair();
  const senders = new Map<number, string>();
  const seenNonces = new Set<string>();
  const calls: NetworkServer["calls"] = [];
  let base = "";

  const send = (res: http.ServerResponse, answer: Answer) => {
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(JSON.stringify(answer.body));
  };

  async function authenticate(req: http.IncomingMessage, raw: string): Promise<Answer | number> {
    const header = (name: string) => req.headers[name];
    const id = header("x-oc-id");
    const timestamp = header("x-oc-timestamp");
    const nonce = header("x-oc-nonce");
    const signature = header("x-oc-signature");
    if (typeof id !== "string" || typeof timestamp !== "string" || typeof nonce !== "string" || typeof signature !== "string") {
      return errorAnswer(401, "INVALID_SIGNATURE", "Missing X-OC-* headers");
    }
    if (!/^\d+$/.test(timestamp) || Math.abs(Number(timestamp) - Date.now() / 1000) > WINDOW_SECONDS) {
      return errorAnswer(401, "TIMESTAMP_EXPIRED", "X-OC-Timestamp outside ±300 s");
    }
    const metadataUrl = senders.get(Number(id));
    if (!metadataUrl) return errorAnswer(401, "UNAUTHORIZED", `OCID ${id} holds no account here`);
    let key: string;
    try {
      key = await fetchVerifiedPublicKey(metadataUrl);
    } catch (error) {
      return errorAnswer(502, "METADATA_UNAVAILABLE", (error as Error).message);
    }
    const text = canonicalRequestText({ ocid: id, timestamp, nonce, method: req.method ?? "", path: req.url ?? "", body: raw });
    if (!verifyMessage(text, signature, key)) return errorAnswer(401, "INVALID_SIGNATURE", "X-OC-Signature does not verify");
    if (seenNonces.has(`${id}:${nonce}`)) return errorAnswer(401, "NONCE_REUSED", "X-OC-Nonce already used");
    seenNonces.add(`${id}:${nonce}`);
    return Number(id);
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? "").split("?")[0] ?? "";
      if (req.method === "GET" && path === "/opencharge/metadata.json") {
        const config = { publicKey, endpoint: `${base}/opencharge`, capabilities: options.capabilities, settlement: options.settlement };
        return send(res, { status: 200, body: { opencharge: "0.1", name: options.name, config, signature: signObjectWith(config, privateKey, "recursive") } });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > MAX_BODY) return send(res, errorAnswer(413, "PAYLOAD_TOO_LARGE", "Body too large"));
        chunks.push(chunk as Buffer);
      }
      const raw = Buffer.concat(chunks).toString("utf8");
      if (req.method === "GET") {
        for (const [prefix, handler] of Object.entries(options.publicGets ?? {})) {
          if (path.startsWith(prefix)) return send(res, handler(decodeURIComponent(path.slice(prefix.length))));
        }
      }
      const handler = req.method === "POST" ? options.routes[path] : undefined;
      if (!handler) return send(res, errorAnswer(404, "NOT_FOUND", "No such endpoint"));
      const auth = await authenticate(req, raw);
      if (typeof auth !== "number") return send(res, auth);
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        return send(res, errorAnswer(400, "BAD_REQUEST", "Body is not JSON"));
      }
      if (!body || typeof body !== "object" || Array.isArray(body)) return send(res, errorAnswer(400, "BAD_REQUEST", "Body must be an object"));
      const answer = await handler({ senderOcid: auth, body: body as Json, path });
      calls.push({ path, senderOcid: auth, body: body as Json, status: answer.status });
      if (answer.status === 0) return; // "hang": never answers; close() drops the connection
      send(res, answer);
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, errorAnswer(500, "INTERNAL_ERROR", String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    ocid: options.ocid,
    publicKey,
    url: base,
    endpoint: `${base}/opencharge`,
    metadataUrl: `${base}/opencharge/metadata.json`,
    sign: (value) => signObjectWith(value, privateKey, "recursive"),
    signWithStrangerKey: (value) => signObjectWith(value, stranger.privateKey, "recursive"),
    allowSender(ocid, metadataUrl) {
      senders.set(ocid, metadataUrl);
    },
    async post(url, body) {
      const text = JSON.stringify(body);
      const headers = { ...signedHeaders({ ocid: options.ocid, privateKey, method: "POST", url, body: text }), "content-type": "application/json" };
      const response = await fetch(url, { method: "POST", headers, body: text, signal: AbortSignal.timeout(5_000) });
      const answer = await response.text();
      let json: unknown = null;
      try {
        json = answer ? JSON.parse(answer) : null;
      } catch {
        json = answer;
      }
      return { status: response.status, body: json };
    },
    calls,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A proof with a fresh txid, issued now by `issuer`. */
export function newProof(issuer: number, fields: { from: unknown; to: unknown; amount: string; currency: string }) {
  return { txid: `tx_${issuer}_${randomBytes(8).toString("hex")}`, issuer, ...fields, timestamp: Math.floor(Date.now() / 1000) };
}

/** Whether `signature` is `publicKey`'s over canonical(proof), in either canonical form. */
export function isSignedBy(proof: unknown, signature: unknown, publicKey: string): boolean {
  return typeof signature === "string" && verifyObject(proof, signature, publicKey) !== null;
}

/** Decimal string → integer minor units (two decimals: the simulators' books), or null. */
export function toCents(amount: unknown): bigint | null {
  if (typeof amount !== "string" || !/^\d{1,15}(\.\d{1,2})?$/.test(amount)) return null;
  const [whole = "0", fraction = ""] = amount.split(".");
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0"));
}
