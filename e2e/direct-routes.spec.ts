/**
 * The order intake is served by server/direct-routes.ts, not Next's router: these check, against the
 * running `npm start` server, that it answers like every other protocol route — signed answers, the
 * error envelope, security headers, the body cap — and that what it does not serve still reaches Next.
 */
import http from "node:http";
import { expect, test } from "@playwright/test";
import { E2E_BASE_URL, E2E_GATEWAY_OCID } from "./support/config";

const intake = (id: string) => `${E2E_BASE_URL}/opencharge/orders/create/${id}`;

test("an unsigned intake: 401 in the envelope, signed by us, with the security headers", async ({ request }) => {
  const response = await request.post(intake("f".repeat(40)), { data: { order: {} } });
  expect(response.status()).toBe(401);
  expect((await response.json()).error).toMatchObject({ code: "INVALID_SIGNATURE", details: { header: "X-OC-ID" } });
  const headers = response.headers();
  expect(headers["x-oc-id"]).toBe(String(E2E_GATEWAY_OCID));
  expect(headers["x-oc-signature"]).toMatch(/^[0-9a-f]{130}$/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["content-type"]).toContain("application/json");
});

test("a body over 2 MB: 413 PAYLOAD_TOO_LARGE, not a crash", async ({ request }) => {
  const response = await request.post(intake("f".repeat(40)), {
    data: "x".repeat(3 * 1024 * 1024),
    headers: { "content-type": "application/json" },
  });
  expect(response.status()).toBe(413);
  expect((await response.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
});

test("a chunked body that never ends: 413 once 2 MB have arrived, and the connection is closed", async () => {
  const { status, body, connection } = await new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
    const req = http.request(intake("f".repeat(40)), { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, connection: res.headers.connection }));
    });
    req.on("error", reject);
    const chunk = "x".repeat(64 * 1024);
    let sent = 0;
    // Send just over 2 MB and never end the request: the answer must come without the end of the body.
    // (Bytes the server never reads make its close a reset, which can swallow the answer on the way.)
    const total = 2 * 1024 * 1024 + chunk.length;
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return;
      }
    };
    req.on("drain", pump);
    pump();
  });
  expect(status).toBe(413);
  expect(JSON.parse(body).error.code).toBe("PAYLOAD_TOO_LARGE");
  expect(connection).toBe("close");
});

test("a path that is not valid percent-encoding is a 400, never a 500 (Next.js would answer 500)", async ({ request }) => {
  for (const path of ["/opencharge/orders/create/%E0%A4%A", "/opencharge/orders/%E0%A4%A/status", "/api/wallet/sessions/%E0%A4%A"]) {
    const response = await request.fetch(`${E2E_BASE_URL}${path}`, { method: path.includes("create") ? "POST" : "GET" });
    expect(response.status(), path).toBe(400);
    expect((await response.json()).error.code, path).toBe("BAD_REQUEST");
    expect(response.headers()["x-frame-options"], path).toBe("DENY");
    // Protocol answers are signed, errors included.
    if (path.startsWith("/opencharge")) expect(response.headers()["x-oc-signature"], path).toMatch(/^[0-9a-f]{130}$/);
  }
  const page = await request.get(`${E2E_BASE_URL}/checkout/%E0%A4%A`);
  expect(page.status()).toBe(400);
});

test("a NUL character in the path or query is a 400 before it reaches a route or the database", async ({ request }) => {
  for (const path of ["/opencharge/orders/%00/status", "/api/wallet/sessions/a%00b", "/api/wallet/transactions?cursor=%00"]) {
    const response = await request.get(`${E2E_BASE_URL}${path}`);
    expect(response.status(), path).toBe(400);
    expect((await response.json()).error, path).toMatchObject({ code: "BAD_REQUEST", message: "The URL contains a NUL character." });
  }
  for (const path of ["/checkout/%00", "/wallet?cursor=%00"]) {
    const response = await request.get(`${E2E_BASE_URL}${path}`, { maxRedirects: 0 });
    expect(response.status(), path).toBe(400);
  }
});

test("what the direct route does not serve still reaches Next.js", async ({ request }) => {
  // Another method on the same path: Next's answer for a route without GET.
  expect((await request.get(intake("f".repeat(40)))).status()).toBe(405);
  // A query string still goes to the direct route (same answer as without it).
  const withQuery = await request.post(`${intake("f".repeat(40))}?source=till`, { data: {} });
  expect(withQuery.status()).toBe(401);
  expect(withQuery.headers()["x-oc-signature"]).toMatch(/^[0-9a-f]{130}$/);
});

test("a page opened at 127.0.0.1 is sent to APP_URL's origin (localhost), where its forms work; APIs are not redirected", async ({ request }) => {
  const loopback = E2E_BASE_URL.replace("localhost", "127.0.0.1");
  const page = await request.get(`${loopback}/login?callbackUrl=%2Fwallet`, { maxRedirects: 0 });
  expect(page.status()).toBe(307);
  expect(page.headers().location).toBe(`${E2E_BASE_URL}/login?callbackUrl=%2Fwallet`);
  const api = await request.get(`${loopback}/api/wallet/balance`, { maxRedirects: 0 });
  expect(api.status()).toBe(401);
  const metadata = await request.get(`${loopback}/opencharge/metadata.json`, { maxRedirects: 0 });
  expect(metadata.status()).toBe(200);
});
