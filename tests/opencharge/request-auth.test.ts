/**
 * Signed-request authentication through the real route handlers (GET /opencharge/capabilities and an
 * authenticated POST route built with openchargeRoute), against simulated counterparties serving their
 * metadata over real HTTP. Every refusal must also leave no nonce behind.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { GET as capabilities } from "@/app/opencharge/capabilities/route";
import { db } from "@/lib/db";
import { generateKeyPair } from "@/lib/opencharge/crypto";
import { buildRequestHeaders, pruneExpiredNonces } from "@/lib/opencharge/request-auth";
import { setMetadataFetchTimeout } from "@/lib/opencharge/resolver";
import { openchargeRoute } from "@/lib/opencharge/route";
import { signedHeaders, startSimulatedMerchant, type SimulatedCounterparty } from "@/e2e/simulators";
import {
  APP,
  GATEWAY_OCID,
  hasValidResponseSignature,
  noParams,
  nonceCount,
  readJson,
  request,
  setEnv,
  useRegistry,
} from "./support/helpers";

const CAPABILITIES = `${APP}/opencharge/capabilities`;
const NOT_LISTENING = "http://127.0.0.1:9/opencharge/metadata.json";

// An authenticated POST route, to exercise bodies (capabilities is a GET).
const echo = openchargeRoute({ body: z.object({ amount: z.string() }) }, async ({ auth, body }) => ({
  from: auth.ocid,
  name: auth.counterparty.name,
  amount: body.amount,
}));

let merchant: SimulatedCounterparty; // OCID 500, nested metadata
let flat: SimulatedCounterparty; // 504, flat metadata
let endpointStyle: SimulatedCounterparty; // 507, registered by endpoint URL (no .json)
let hanging: SimulatedCounterparty; // 501
let notJson: SimulatedCounterparty; // 502
let badSignature: SimulatedCounterparty; // 503
let redirecting: SimulatedCounterparty; // 506
let registry: Record<number, string>;

async function sim(ocid: number) {
  return startSimulatedMerchant({ ocid, acceptedIssuers: [GATEWAY_OCID], gatewayMetadataUrl: NOT_LISTENING });
}

beforeAll(async () => {
  [merchant, hanging, notJson, badSignature, flat, redirecting, endpointStyle] = await Promise.all([
    sim(500),
    sim(501),
    sim(502),
    sim(503),
    sim(504),
    sim(506),
    sim(507),
  ]);
  hanging.setMetadataBehaviour("hang");
  notJson.setMetadataBehaviour("not_json");
  badSignature.setMetadataBehaviour("bad_signature");
  flat.setMetadataBehaviour("flat");
  redirecting.setMetadataBehaviour("redirect");
  registry = {
    500: merchant.metadataUrl,
    501: hanging.metadataUrl,
    502: notJson.metadataUrl,
    503: badSignature.metadataUrl,
    504: flat.metadataUrl,
    506: redirecting.metadataUrl,
    507: endpointStyle.endpoint,
  };
});

beforeEach(async () => {
  setEnv({ OPENCHARGE_ALLOW_HTTP: "1", APP_URL: APP });
  useRegistry(registry);
  await (await db()).requestNonce.deleteMany();
});

afterEach(() => {
  vi.useRealTimers();
  setMetadataFetchTimeout(undefined);
});

afterAll(async () => {
  await Promise.all([merchant, hanging, notJson, badSignature, flat, redirecting, endpointStyle].map((s) => s.close()));
});

function signedGet(from: SimulatedCounterparty, url = CAPABILITIES, fixed: { timestamp?: number; nonce?: string } = {}) {
  return request(url, { headers: from.signHeaders("GET", url, "", fixed) });
}

async function call(req: ReturnType<typeof request>) {
  const response = await capabilities(req, noParams);
  return { response, status: response.status, body: await readJson(response.clone()) };
}

/** A refusal: this status and code, and no nonce recorded. */
async function expectRefused(req: ReturnType<typeof request>, status: number, code: string, message?: RegExp) {
  const { body, status: actual, response } = await call(req);
  expect({ status: actual, code: body.error?.code }).toEqual({ status, code });
  if (message) expect(body.error.message).toMatch(message);
  expect(await nonceCount()).toBe(0);
  expect(await hasValidResponseSignature(response)).toBe(true);
  return body;
}

describe("a correctly signed request", () => {
  it("is answered with our capabilities, signed, and its nonce is recorded", async () => {
    const req = signedGet(merchant);
    const { status, body, response } = await call(req);
    expect(status).toBe(200);
    expect(body).toMatchObject({ ocid: GATEWAY_OCID, name: expect.any(String), capabilities: ["checkout.create", "orders.create.session", "transfer.create", "transfer.webhook", "payment.create", "payment.settle", "verify.txid"] });
    expect(body.settlement.accepts).toEqual([GATEWAY_OCID]);
    expect(body.settlement.currencies).toContain("USD");
    expect(await hasValidResponseSignature(response)).toBe(true);
    const nonces = await (await db()).requestNonce.findMany();
    expect(nonces).toEqual([expect.objectContaining({ ocid: 500, nonce: req.headers.get("x-oc-nonce") })]);
  });

  it("from a counterparty with flat-shape metadata is accepted", async () => {
    expect((await call(signedGet(flat))).status).toBe(200);
  });

  it("from a counterparty registered by its endpoint URL finds {endpoint}/metadata.json", async () => {
    expect((await call(signedGet(endpointStyle))).status).toBe(200);
  });

  it("from our own OCID resolves our own metadata without HTTP", async () => {
    const headers = buildRequestHeaders({ method: "GET", url: new URL(CAPABILITIES), body: "" });
    expect(headers["X-OC-ID"]).toBe(String(GATEWAY_OCID));
    expect((await call(request(CAPABILITIES, { headers }))).status).toBe(200);
  });
});

describe("missing or malformed X-OC headers", () => {
  it("refuses an unsigned request", async () => {
    await expectRefused(request(CAPABILITIES), 401, "INVALID_SIGNATURE", /Missing X-OC-ID/);
  });

  it.each(["X-OC-ID", "X-OC-Timestamp", "X-OC-Nonce", "X-OC-Signature"])("refuses a request without %s", async (header) => {
    const headers = merchant.signHeaders("GET", CAPABILITIES, "");
    delete headers[header];
    const body = await expectRefused(request(CAPABILITIES, { headers }), 401, "INVALID_SIGNATURE", new RegExp(`Missing ${header}`));
    expect(body.error.details).toEqual({ header });
  });

  it.each([
    ["X-OC-ID", "abc"],
    ["X-OC-ID", "0"],
    ["X-OC-ID", "-500"],
    ["X-OC-ID", "500.0"],
    ["X-OC-ID", "99999999999999999"],
    // Above the 32-bit OCID columns (PostgreSQL integer): a clean 401 on both engines, never a database error.
    ["X-OC-ID", "2147483648"],
    ["X-OC-ID", "3000000000"],
    ["X-OC-Timestamp", "1.7e9"],
    ["X-OC-Timestamp", "1706500000.5"],
    ["X-OC-Timestamp", "yesterday"],
    ["X-OC-Nonce", "has space"],
    ["X-OC-Nonce", "n".repeat(129)],
    ["X-OC-Nonce", "caf\u00e9"],
    ["X-OC-Signature", "not-hex"],
    ["X-OC-Signature", "abcd"],
  ])("refuses %s = %j", async (header, value) => {
    const headers = { ...merchant.signHeaders("GET", CAPABILITIES, ""), [header]: value };
    const body = await expectRefused(request(CAPABILITIES, { headers }), 401, "INVALID_SIGNATURE", new RegExp(header));
    expect(body.error.details).toEqual({ header });
  });
});

describe("timestamp window (±300 s)", () => {
  const NOW = 1_800_000_000;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW * 1000);
  });

  it.each([
    ["301 s in the past", NOW - 301],
    ["301 s in the future", NOW + 301],
    ["in milliseconds", NOW * 1000],
  ])("refuses a timestamp %s", async (_, timestamp) => {
    await expectRefused(signedGet(merchant, CAPABILITIES, { timestamp }), 401, "TIMESTAMP_EXPIRED", /at most 300 s/);
  });

  it.each([
    ["299 s in the past", NOW - 299],
    ["299 s in the future", NOW + 299],
  ])("accepts a timestamp %s", async (_, timestamp) => {
    expect((await call(signedGet(merchant, CAPABILITIES, { timestamp }))).status).toBe(200);
    expect(await nonceCount()).toBe(1);
  });
});

describe("replays and forgeries", () => {
  it("refuses a reused nonce and records nothing more", async () => {
    const headers = merchant.signHeaders("GET", CAPABILITIES, "");
    expect((await call(request(CAPABILITIES, { headers }))).status).toBe(200);
    const { status, body } = await call(request(CAPABILITIES, { headers }));
    expect({ status, code: body.error.code }).toEqual({ status: 401, code: "NONCE_REUSED" });
    expect(await nonceCount()).toBe(1);
  });

  it("forgets nonces only after their 600 s retention", async () => {
    const client = await db();
    const now = Date.now();
    await client.requestNonce.createMany({
      data: [
        { ocid: 500, nonce: "old", createdAt: new Date(now - 601_000) },
        { ocid: 500, nonce: "recent", createdAt: new Date(now - 599_000) },
      ],
    });
    expect(await pruneExpiredNonces(now)).toBe(1);
    expect((await client.requestNonce.findMany()).map((n) => n.nonce)).toEqual(["recent"]);
  });

  it("prunes a nonce recorded by a real request once its retention has passed, not before", async () => {
    const client = await db();
    await client.requestNonce.deleteMany();
    expect((await call(request(CAPABILITIES, { headers: merchant.signHeaders("GET", CAPABILITIES, "") }))).status).toBe(200);
    expect(await pruneExpiredNonces(Date.now() + 599_000)).toBe(0);
    expect(await pruneExpiredNonces(Date.now() + 601_000)).toBe(1);
    expect(await nonceCount()).toBe(0);
  });

  it("lets another OCID use the same nonce (nonces are per sender)", async () => {
    const nonce = "req_shared_nonce";
    expect((await call(signedGet(merchant, CAPABILITIES, { nonce }))).status).toBe(200);
    expect((await call(signedGet(flat, CAPABILITIES, { nonce }))).status).toBe(200);
    expect(await nonceCount()).toBe(2);
  });

  it("refuses a body changed after signing", async () => {
    const url = `${APP}/opencharge/echo`;
    const headers = merchant.signHeaders("POST", url, JSON.stringify({ amount: "1.00" }));
    const response = await echo(request(url, { method: "POST", headers, body: JSON.stringify({ amount: "9.00" }) }), noParams);
    expect(response.status).toBe(401);
    expect((await readJson(response)).error.code).toBe("INVALID_SIGNATURE");
    expect(await nonceCount()).toBe(0);
  });

  it("refuses a request signed with another key for a known OCID", async () => {
    const other = generateKeyPair();
    const headers = signedHeaders({ ocid: 500, privateKey: other.privateKey, method: "GET", url: CAPABILITIES, body: "" });
    await expectRefused(request(CAPABILITIES, { headers }), 401, "INVALID_SIGNATURE", /does not verify/);
  });

  it("refuses a signature over another method", async () => {
    const headers = merchant.signHeaders("POST", CAPABILITIES, "");
    await expectRefused(request(CAPABILITIES, { headers }), 401, "INVALID_SIGNATURE");
  });

  it("refuses a signature over another path", async () => {
    const headers = merchant.signHeaders("GET", `${APP}/opencharge/transfer/create`, "");
    await expectRefused(request(CAPABILITIES, { headers }), 401, "INVALID_SIGNATURE");
  });

  it("refuses an unknown OCID", async () => {
    const other = generateKeyPair();
    const headers = signedHeaders({ ocid: 777, privateKey: other.privateKey, method: "GET", url: CAPABILITIES, body: "" });
    await expectRefused(request(CAPABILITIES, { headers }), 401, "UNKNOWN_OCID", /777/);
  });
});

describe("counterparty metadata that cannot be trusted", () => {
  it("times out (a host that never answers), and the failure is cached briefly", async () => {
    setMetadataFetchTimeout(300);
    await expectRefused(signedGet(hanging), 502, "METADATA_UNAVAILABLE", /within 300 ms/);
    expect(hanging.hits.metadata).toBe(1);
    const started = Date.now();
    await expectRefused(signedGet(hanging), 502, "METADATA_UNAVAILABLE");
    expect(Date.now() - started).toBeLessThan(250);
    expect(hanging.hits.metadata).toBe(1);
  });

  it("is not JSON", async () => {
    await expectRefused(signedGet(notJson), 502, "METADATA_UNAVAILABLE", /is not JSON/);
  });

  it("has a config signature that does not verify", async () => {
    await expectRefused(signedGet(badSignature), 502, "METADATA_UNAVAILABLE", /signature does not verify/);
  });

  it("redirects (redirects are not followed)", async () => {
    await expectRefused(signedGet(redirecting), 502, "METADATA_UNAVAILABLE", /redirect/);
    expect(redirecting.hits.metadata).toBe(1);
  });

  describe("with OPENCHARGE_ALLOW_HTTP unset", () => {
    const port = () => new URL(merchant.url).port;
    beforeEach(() => setEnv({ OPENCHARGE_ALLOW_HTTP: undefined }));

    it.each([
      ["a loopback IP literal", () => `https://127.0.0.1:${port()}/opencharge/metadata.json`, /private, loopback or link-local/],
      ["a name resolving to loopback", () => `https://localhost:${port()}/opencharge/metadata.json`, /private, loopback or link-local/],
      ["an IPv6 loopback literal", () => `https://[::1]:${port()}/opencharge/metadata.json`, /private, loopback or link-local/],
      ["a link-local address", () => "https://169.254.169.254/latest/meta-data.json", /private, loopback or link-local/],
      ["plain http", () => merchant.metadataUrl, /https is required/],
    ])("refuses metadata at %s without contacting it", async (_, url, reason) => {
      useRegistry({ 500: url() });
      const hitsBefore = merchant.hits.metadata;
      await expectRefused(signedGet(merchant), 502, "METADATA_UNAVAILABLE", reason);
      expect(merchant.hits.metadata).toBe(hitsBefore);
    });
  });
});

describe("accepted variants of the signed path (policy §4.2)", () => {
  const withQuery = `${CAPABILITIES}?view=full`;

  it.each([
    ["full path + query", `${APP}/opencharge/capabilities?view=full`],
    ["full path without the query", `${APP}/opencharge/capabilities`],
    ["path relative to the endpoint, with query", `${APP}/capabilities?view=full`],
    ["path relative to the endpoint", `${APP}/capabilities`],
  ])("accepts a signature over the %s", async (_, signedUrl) => {
    const headers = merchant.signHeaders("GET", signedUrl, "");
    expect((await call(request(withQuery, { headers }))).status).toBe(200);
    expect(await nonceCount()).toBe(1);
  });

  it("accepts the public endpoint path when a proxy strips APP_URL's path prefix", async () => {
    setEnv({ APP_URL: "https://pay.example/wallet" });
    useRegistry(registry);
    const headers = merchant.signHeaders("GET", "https://pay.example/wallet/opencharge/capabilities", "");
    expect((await call(request(CAPABILITIES, { headers }))).status).toBe(200);
  });

  it("refuses a query that was not signed", async () => {
    const headers = merchant.signHeaders("GET", `${CAPABILITIES}?view=summary`, "");
    await expectRefused(request(withQuery, { headers }), 401, "INVALID_SIGNATURE");
  });
});

describe("accepted body hashes (policy §4.2)", () => {
  const url = `${APP}/opencharge/echo`;
  const post = (headers: Record<string, string>, body: string) => echo(request(url, { method: "POST", headers, body }), noParams);

  it("accepts a hash of the exact raw bytes", async () => {
    const raw = '{ "amount" : "2.50" }';
    const response = await post(merchant.signHeaders("POST", url, raw), raw);
    expect(response.status).toBe(200);
    expect(await readJson(response)).toEqual({ from: 500, name: "Simulated Merchant 500", amount: "2.50" });
  });

  it("accepts a hash of JSON.stringify(parsed body) when the bytes sent differ", async () => {
    const raw = '{\n  "amount": "2.50"\n}';
    const response = await post(merchant.signHeaders("POST", url, JSON.stringify(JSON.parse(raw))), raw);
    expect(response.status).toBe(200);
  });

  it('accepts sha256("{}") for an empty body', async () => {
    const headers = merchant.signHeaders("GET", CAPABILITIES, "{}");
    expect((await call(request(CAPABILITIES, { headers }))).status).toBe(200);
  });

  it('refuses sha256("{}") when the body is not empty', async () => {
    const response = await post(merchant.signHeaders("POST", url, "{}"), '{"amount":"2.50"}');
    expect(response.status).toBe(401);
    expect(await nonceCount()).toBe(0);
  });

  it("refuses a signature over a re-ordered body", async () => {
    const response = await post(merchant.signHeaders("POST", url, '{"b":1,"amount":"2.50"}'), '{"amount":"2.50","b":1}');
    expect(response.status).toBe(401);
    expect(await nonceCount()).toBe(0);
  });
});
