/**
 * The floor of the benchmark: a bare node:http server doing only what each measured path must, with the
 * app's writes, no framework, no ORM:
 *  - the order intake: verify the request signature and the order signature, then in one transaction record
 *    the nonce, check the session, write the order and consume the session;
 *  - the pay-a-request path, at the app's URLs: look the bearer key or token up by its SHA-256, then
 *    POST /api/payment-requests {value} writes the request and its log row (one transaction);
 *    POST /api/wallet/payment-requests/{id}/pay marks it DONE (guarded), logs it, posts the balanced two
 *    legs payer → merchant and records the movement (one transaction); GET /api/payment-requests/{id} reads
 *    its status.
 * The engine-specific store is in floor-sqlite.ts (better-sqlite3, the app's durability: WAL,
 * synchronous=FULL) and floor-postgres.ts (raw node-postgres).
 *
 * Usage: tsx scripts/bench/floor-server.ts <DATABASE_URL> <port> <{ocid: publicKey} json> <session count> [pool size]
 */
import { createHash } from "node:crypto";
import http from "node:http";
import { parsePositiveAmount } from "../../lib/money";
import { canonicalJson } from "../../lib/opencharge/canonical-json";
import { verifyMessage } from "../../lib/opencharge/crypto";
import { openPostgresFloor } from "./floor-postgres";
import { openSqliteFloor } from "./floor-sqlite";
import type { FloorStore } from "./floor-store";

const [databaseUrl, portText, keysJson, countText, poolText] = process.argv.slice(2);
const keys = JSON.parse(keysJson!) as Record<string, string>; // ocid → public key
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const PAYMENT_REQUEST_TTL_SECONDS = 120; // the app's default expirySeconds

type Reply = (status: number, body: unknown) => void;

/** The pay-a-request path's three routes; false when the URL is none of them. */
function servePaymentRequests(store: FloorStore, req: http.IncomingMessage, raw: string, reply: Reply): boolean {
  const url = req.url!.split("?")[0]!;
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
  const fail = (error: unknown) => reply(500, { error: String(error) });
  if (req.method === "POST" && url === "/api/payment-requests") {
    store.merchantOfKey(sha256(bearer)).then(async (merchantId) => {
      if (!merchantId) return reply(401, { error: "key" });
      const body = JSON.parse(raw) as { value: { amount: string; currency: string }; description?: string };
      const { amount, currency } = body.value;
      const amountMinor = parsePositiveAmount(amount, currency);
      const created = await store.createRequest({ merchantId, amount, currency, amountMinor, description: body.description ?? null, expirySeconds: PAYMENT_REQUEST_TTL_SECONDS });
      reply(201, { ...created, status: "CREATED", value: { amount, currency } });
    }).catch(fail);
    return true;
  }
  const read = /^\/api\/payment-requests\/([^/]+)$/.exec(url);
  if (req.method === "GET" && read) {
    store.merchantOfKey(sha256(bearer)).then(async (merchantId) => {
      if (!merchantId) return reply(401, { error: "key" });
      const status = await store.readRequest(read[1]!, merchantId);
      reply(status ? 200 : 404, status ? { id: read[1], status } : { error: "not found" });
    }).catch(fail);
    return true;
  }
  const pay = /^\/api\/wallet\/payment-requests\/([^/]+)\/pay$/.exec(url);
  if (req.method === "POST" && pay) {
    store.userOfToken(sha256(bearer)).then(async (userId) => {
      if (!userId) return reply(401, { error: "token" });
      const paid = await store.payRequest(pay[1]!, userId);
      if (paid.outcome === "paid") return reply(200, { status: "DONE", txid: paid.txid });
      reply({ not_found: 404, not_payable: 409, insufficient_funds: 402 }[paid.outcome], { error: paid.outcome });
    }).catch(fail);
    return true;
  }
  return false;
}

async function main() {
  const count = Number(countText);
  const store: FloorStore = databaseUrl!.startsWith("file:")
    ? openSqliteFloor(databaseUrl!.slice("file:".length), count)
    : await openPostgresFloor(databaseUrl!, count, Number(poolText || 10));

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply: Reply = (status, body) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method === "GET" && req.url === "/sessions") return reply(200, store.sessions);
      const raw = Buffer.concat(chunks).toString("utf8");
      if (servePaymentRequests(store, req, raw, reply)) return;
      const ocid = Number(req.headers["x-oc-id"]);
      const publicKey = keys[String(ocid)];
      const canonical = [ocid, req.headers["x-oc-timestamp"], req.headers["x-oc-nonce"], req.method, req.url, sha256(raw)].join("\n");
      if (!publicKey || !verifyMessage(canonical, String(req.headers["x-oc-signature"]), publicKey)) return reply(401, { error: "signature" });
      const body = JSON.parse(raw) as { order: { id: string; amount: string; currency: string }; signature: string };
      if (!verifyMessage(canonicalJson(body.order), body.signature, publicKey)) return reply(400, { error: "order signature" });
      const sessionId = req.url!.split("/").pop()!;
      store
        .intake({ nonce: String(req.headers["x-oc-nonce"]), sessionId, ocid, order: body.order, orderJson: JSON.stringify(body.order), signature: body.signature })
        .then(
          (changes) => {
            if (changes === -1) return reply(404, { error: "session" });
            if (changes !== 1) return reply(410, { error: "used" });
            reply(200, { urls: { status: `/orders/${body.order.id}/status` } });
          },
          (error: unknown) => reply(500, { error: String(error) }),
        );
    });
  });
  server.listen(Number(portText), "127.0.0.1", () => console.log("ready"));
  process.on("SIGTERM", () => void store.close().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
