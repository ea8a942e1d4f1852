/**
 * The floor for the order-intake benchmark: a bare node:http server doing only what an intake must —
 * verify the request signature and the order signature, then in one transaction record the nonce, check
 * the session, write the order and consume the session — the app's writes, with the app's durability
 * (WAL, synchronous=FULL) — on better-sqlite3 directly, no framework.
 * Usage: tsx scripts/bench/floor-server.ts <sqlite file> <port> <{ocid: publicKey} json> <session count>
 */
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import Database from "better-sqlite3";
import { canonicalJson } from "../../lib/opencharge/canonical-json";
import { verifyMessage } from "../../lib/opencharge/crypto";

const [file, portText, keysJson, countText] = process.argv.slice(2);
const keys = JSON.parse(keysJson!) as Record<string, string>; // ocid → public key
const database = new Database(file!);
database.pragma("journal_mode = WAL");
database.pragma("busy_timeout = 10000");
database.pragma("synchronous = FULL");

const now = () => Date.now();
const { id: userId } = database.prepare(`SELECT id FROM User LIMIT 1`).get() as { id: string };
const insertSession = database.prepare(`INSERT INTO PaySession (id, userId, status, expiresAt, createdAt, updatedAt) VALUES (?, ?, 'pending', ?, ?, ?)`);
const sessions: string[] = [];
database.transaction(() => {
  for (let i = 0; i < Number(countText); i++) {
    const id = randomBytes(20).toString("hex");
    insertSession.run(id, userId, now() + 3600_000, now(), now());
    sessions.push(id);
  }
})();

const insertNonce = database.prepare(`INSERT INTO RequestNonce (ocid, nonce, createdAt) VALUES (?, ?, ?)`);
const findSession = database.prepare(`SELECT status, expiresAt FROM PaySession WHERE id = ?`);
const insertOrder = database.prepare(`INSERT INTO PaymentOrder (id, source, merchantOcid, merchantName, merchantOrderId, orderJson, signature, amount, currency, amountMinor, expiresAt, senderOcid, status, createdAt, updatedAt)
  VALUES (?, 'pay_session', ?, 'bench', ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`);
const consume = database.prepare(`UPDATE PaySession SET status = 'order_received', orderId = ?, updatedAt = ? WHERE id = ? AND status = 'pending'`);
const intake = database.transaction((nonce: string, sessionId: string, ocid: number, order: { id: string; amount: string; currency: string }, orderJson: string, signature: string) => {
  insertNonce.run(ocid, nonce, now());
  if (!findSession.get(sessionId)) return -1;
  const id = randomBytes(12).toString("hex");
  insertOrder.run(id, ocid, order.id, orderJson, signature, order.amount, order.currency, 1000, now() + 900_000, ocid, now(), now());
  return consume.run(id, now(), sessionId).changes;
});

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method === "GET" && req.url === "/sessions") return reply(200, sessions);
      const raw = Buffer.concat(chunks).toString("utf8");
      const ocid = Number(req.headers["x-oc-id"]);
      const publicKey = keys[String(ocid)];
      const canonical = [ocid, req.headers["x-oc-timestamp"], req.headers["x-oc-nonce"], req.method, req.url, sha256(raw)].join("\n");
      if (!publicKey || !verifyMessage(canonical, String(req.headers["x-oc-signature"]), publicKey)) return reply(401, { error: "signature" });
      const body = JSON.parse(raw) as { order: { id: string; amount: string; currency: string }; signature: string };
      if (!verifyMessage(canonicalJson(body.order), body.signature, publicKey)) return reply(400, { error: "order signature" });
      const sessionId = req.url!.split("/").pop()!;
      const changes = intake(String(req.headers["x-oc-nonce"]), sessionId, ocid, body.order, JSON.stringify(body.order), body.signature);
      if (changes === -1) return reply(404, { error: "session" });
      if (changes !== 1) return reply(410, { error: "used" });
      reply(200, { urls: { status: `/orders/${body.order.id}/status` } });
    });
  })
  .listen(Number(portText), "127.0.0.1", () => console.log("ready"));
