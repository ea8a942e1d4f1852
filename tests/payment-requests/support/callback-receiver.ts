/**
 * A merchant's callback receiver as a real HTTP server on 127.0.0.1: it checks every call's X-OC-*
 * request headers the way a merchant would — X-OC-ID is our OCID, the timestamp within ±300 s, the nonce
 * new, and X-OC-Signature verifies over the canonical request (full path and query, SHA-256 of the exact
 * body) with the public key of our /opencharge/metadata.json (fetched over HTTP, its config signature
 * checked) — with the simulators' own protocol code (e2e/simulators/protocol.ts), not the app's.
 * A call that does not verify is answered 401 and recorded as such.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { verifyMessage } from "@/lib/opencharge/crypto";
import { canonicalRequestText, fetchVerifiedPublicKey } from "@/e2e/simulators/protocol";

export type ReceivedCallback = { path: string; body: unknown; isVerified: boolean; refusal?: string; senderOcid: string | null };

export async function startCallbackReceiver(options: { gatewayMetadataUrl: string; gatewayOcid: number }) {
  const calls: ReceivedCallback[] = [];
  const nonces = new Set<string>();
  let answerStatus = 200;

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const header = (name: string) => {
      const value = req.headers[name];
      return typeof value === "string" ? value : null;
    };
    const id = header("x-oc-id");
    const timestamp = header("x-oc-timestamp");
    const nonce = header("x-oc-nonce");
    const signature = header("x-oc-signature");
    let refusal: string | undefined;
    if (!id || !timestamp || !nonce || !signature) refusal = "missing X-OC-* headers";
    else if (id !== String(options.gatewayOcid)) refusal = `unknown sender ${id}`;
    else if (!/^\d+$/.test(timestamp) || Math.abs(Number(timestamp) - Date.now() / 1000) > 300) refusal = "timestamp outside ±300 s";
    else if (nonces.has(nonce)) refusal = "nonce reused";
    else {
      const publicKey = await fetchVerifiedPublicKey(options.gatewayMetadataUrl);
      const text = canonicalRequestText({ ocid: id, timestamp, nonce, method: req.method ?? "", path: req.url ?? "", body: raw });
      if (!verifyMessage(text, signature, publicKey)) refusal = "X-OC-Signature does not verify";
      else nonces.add(nonce);
    }
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // recorded as text
    }
    calls.push({ path: req.url ?? "", body, isVerified: refusal === undefined, refusal, senderOcid: id });
    const status = refusal ? 401 : answerStatus;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(refusal ? { error: { code: "INVALID_SIGNATURE", message: refusal } } : { received: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    /** What it answers verified calls with from now on (e.g. 500 to make the sender retry). */
    answerWith(status: number) {
      answerStatus = status;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
