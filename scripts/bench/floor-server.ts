/**
 * The floor for the order-intake benchmark: a bare node:http server doing only what an intake must —
 * verify the request signature and the order signature, then in one transaction record the nonce, check
 * the session, write the order and consume the session — the app's writes, no framework, no ORM. The
 * engine-specific store is in floor-sqlite.ts (better-sqlite3, the app's durability: WAL, synchronous=FULL)
 * and floor-postgres.ts (raw node-postgres).
 *
 * Usage: tsx scripts/bench/floor-server.ts <DATABASE_URL> <port> <{ocid: publicKey} json> <session count> [pool size]
 */
import { createHash } from "node:crypto";
import http from "node:http";
import { canonicalJson } from "../../lib/opencharge/canonical-json";
import { verifyMessage } from "../../lib/opencharge/crypto";
import { openPostgresFloor } from "./floor-postgres";
import { openSqliteFloor } from "./floor-sqlite";
import type { FloorStore } from "./floor-store";

const [databaseUrl, portText, keysJson, countText, poolText] = process.argv.slice(2);
const keys = JSON.parse(keysJson!) as Record<string, string>; // ocid → public key
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function main() {
  const count = Number(countText);
  const store: FloorStore = databaseUrl!.startsWith("file:")
    ? openSqliteFloor(databaseUrl!.slice("file:".length), count)
    : await openPostgresFloor(databaseUrl!, count, Number(poolText || 10));

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method === "GET" && req.url === "/sessions") return reply(200, store.sessions);
      const raw = Buffer.concat(chunks).toString("utf8");
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
