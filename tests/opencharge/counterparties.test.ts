/** Counterparty sources (table and OPENCHARGE_REGISTRY file), the resolver's use of them, and the CLI. */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { addCounterparty, listCounterparties, recordLearnedSigningProfile } from "@/lib/opencharge/counterparties";
import { findCounterpartySource } from "@/lib/opencharge/counterparty-sources";
import { resolveCounterparty } from "@/lib/opencharge/resolver";
import { startSimulatedMerchant, startSimulatedMerchantGateway, type SimulatedCounterparty } from "@/e2e/simulators";
import { GATEWAY_OCID, GATEWAY_PUBLIC_KEY, setEnv, useRegistry } from "./support/helpers";

const run = promisify(execFile);

let a: SimulatedCounterparty;
let b: SimulatedCounterparty;
let broken: SimulatedCounterparty;

beforeAll(async () => {
  const common = { acceptedIssuers: [GATEWAY_OCID], gatewayMetadataUrl: "http://127.0.0.1:9/unused" };
  [a, b, broken] = await Promise.all([
    startSimulatedMerchant({ ocid: 600, ...common }),
    startSimulatedMerchantGateway({ ocid: 601, ...common, canonicalMode: "replacer" }),
    startSimulatedMerchant({ ocid: 602, ...common }),
  ]);
  broken.setMetadataBehaviour("bad_signature");
});

beforeEach(async () => {
  setEnv({ OPENCHARGE_ALLOW_HTTP: "1", OPENCHARGE_REGISTRY: undefined });
  await (await db()).counterparty.deleteMany();
});

afterAll(async () => {
  await Promise.all([a, b, broken].map((s) => s.close()));
});

describe("resolveCounterparty", () => {
  it("reads both registry entry forms and applies their settings", async () => {
    useRegistry({ 600: a.metadataUrl, 601: { metadataUrl: b.metadataUrl, proofCanonicalMode: "replacer", checkoutProofTo: "merchant" } });
    expect(await resolveCounterparty(600)).toMatchObject({
      ocid: 600,
      name: "Simulated Merchant 600",
      publicKey: a.publicKey,
      endpoint: a.endpoint,
      capabilities: ["transfer.webhook"],
      settlement: { currencies: ["USD", "EUR", "UGX"], accepts: [GATEWAY_OCID] },
      proofCanonicalMode: "recursive",
      // The default: hosted checkout proofs name the merchant gateway (README "Counterparties").
      checkoutProofTo: "gateway",
    });
    // B signs its metadata config in the replacer form: still verified.
    expect(await resolveCounterparty(601)).toMatchObject({ publicKey: b.publicKey, proofCanonicalMode: "replacer", checkoutProofTo: "merchant" });
  });

  it("prefers the Counterparty table over the registry file for the same OCID", async () => {
    useRegistry({ 600: a.metadataUrl });
    await addCounterparty({ ocid: 600, metadataUrl: b.metadataUrl, proofCanonicalMode: "replacer" });
    const resolved = await resolveCounterparty(600);
    expect(resolved.publicKey).toBe(b.publicKey);
    expect(resolved.proofCanonicalMode).toBe("replacer");
  });

  it("resolves our own OCID to our own metadata", async () => {
    expect(await resolveCounterparty(GATEWAY_OCID)).toMatchObject({ ocid: GATEWAY_OCID, publicKey: GATEWAY_PUBLIC_KEY });
  });

  it("throws UNKNOWN_OCID for an OCID no source names", async () => {
    useRegistry({ 600: a.metadataUrl });
    await expect(resolveCounterparty(4242)).rejects.toMatchObject({ code: "UNKNOWN_OCID", status: 401 });
  });

  it("caches metadata: a second resolution does not fetch again", async () => {
    useRegistry({ 600: a.metadataUrl });
    const before = a.hits.metadata;
    await Promise.all([resolveCounterparty(600), resolveCounterparty(600)]);
    await resolveCounterparty(600);
    expect(a.hits.metadata - before).toBe(1);
  });

  it("treats a broken registry file as a configuration error, not as an unknown OCID", async () => {
    const file = path.join(path.dirname(useRegistry({})), "broken.json");
    writeFileSync(file, '{"600": 42}');
    setEnv({ OPENCHARGE_REGISTRY: file });
    await expect(resolveCounterparty(600)).rejects.toThrow(/OPENCHARGE_REGISTRY file .* is invalid at "600"/);
  });
});

describe("addCounterparty", () => {
  it("verifies the metadata, then saves the counterparty with the spec's signing profile by default", async () => {
    const added = await addCounterparty({ ocid: "600", metadataUrl: a.metadataUrl, checkoutProofTo: "merchant" });
    expect(added).toMatchObject({
      ocid: 600,
      metadataUrl: a.metadataUrl,
      proofCanonicalMode: "recursive",
      signatureEncoding: "rsv",
      requestPath: "full",
      checkoutProofTo: "merchant",
      name: "Simulated Merchant 600",
      publicKey: a.publicKey,
    });
    const row = await (await db()).counterparty.findUniqueOrThrow({ where: { ocid: 600 } });
    expect(row).toMatchObject({ metadataUrl: a.metadataUrl, proofCanonicalMode: "recursive", signatureEncoding: "rsv", requestPath: "full", checkoutProofTo: "merchant" });

    // Upsert: adding again updates the settings; omitted ones take their defaults.
    await addCounterparty({ ocid: 600, metadataUrl: a.metadataUrl, proofCanonicalMode: "replacer", signatureEncoding: "der", requestPath: "relative" });
    expect(await (await db()).counterparty.findUniqueOrThrow({ where: { ocid: 600 } })).toMatchObject({
      proofCanonicalMode: "replacer",
      signatureEncoding: "der",
      requestPath: "relative",
      checkoutProofTo: "gateway",
      origin: "operator",
      profileLearnedAt: null,
    });
  });

  it.each([
    [{ ocid: "abc", metadataUrl: "https://m.example/metadata.json" }, "VALIDATION_ERROR", /ocid/],
    [{ ocid: 0, metadataUrl: "https://m.example/metadata.json" }, "VALIDATION_ERROR", /ocid/],
    [{ ocid: 600, metadataUrl: "not a url" }, "VALIDATION_ERROR", /metadataUrl/],
    [{ ocid: 600, metadataUrl: "https://m.example/m.json", proofCanonicalMode: "sorted" }, "VALIDATION_ERROR", /proofCanonicalMode/],
    [{ ocid: 600, metadataUrl: "https://m.example/m.json", checkoutProofTo: "issuer" }, "VALIDATION_ERROR", /checkoutProofTo/],
    [{ ocid: 600, metadataUrl: "https://m.example/m.json", signatureEncoding: "base64" }, "VALIDATION_ERROR", /signatureEncoding/],
    [{ ocid: 600, metadataUrl: "https://m.example/m.json", requestPath: "absolute" }, "VALIDATION_ERROR", /requestPath/],
    [{ ocid: GATEWAY_OCID, metadataUrl: "https://m.example/m.json" }, "VALIDATION_ERROR", /own OCID/],
  ])("refuses %j and saves nothing", async (input, code, message) => {
    const error = await addCounterparty(input).catch((e) => e);
    expect(error).toMatchObject({ code });
    expect(error.message).toMatch(message);
    expect(await (await db()).counterparty.count()).toBe(0);
  });

  it("refuses metadata whose signature does not verify, and saves nothing", async () => {
    const error = await addCounterparty({ ocid: 602, metadataUrl: broken.metadataUrl }).catch((e) => e);
    expect(error).toMatchObject({ code: "METADATA_UNAVAILABLE" });
    expect(error.message).toMatch(/signature does not verify/);
    expect(await (await db()).counterparty.count()).toBe(0);
  });
});

describe("listCounterparties", () => {
  it("lists the file's and the table's entries by OCID, the table's replacing the file's", async () => {
    useRegistry({ 601: b.metadataUrl, 600: a.metadataUrl });
    await addCounterparty({ ocid: 600, metadataUrl: a.metadataUrl, proofCanonicalMode: "replacer" });
    expect(await listCounterparties()).toEqual([
      { ocid: 600, metadataUrl: a.metadataUrl, ...spec, proofCanonicalMode: "replacer", checkoutProofTo: "gateway", ...noMoney, source: "database", profileLearnedAt: null },
      { ocid: 601, metadataUrl: b.metadataUrl, ...spec, checkoutProofTo: "gateway", ...noMoney, source: "registry", profileLearnedAt: null },
    ]);
  });

  it("reads every profile field of a registry entry", async () => {
    useRegistry({ 601: { metadataUrl: b.metadataUrl, proofCanonicalMode: "replacer", signatureEncoding: "compact", requestPath: "relative", checkoutProofTo: "merchant" } });
    expect(await listCounterparties()).toEqual([
      {
        ocid: 601,
        metadataUrl: b.metadataUrl,
        proofCanonicalMode: "replacer",
        signatureEncoding: "compact",
        requestPath: "relative",
        checkoutProofTo: "merchant",
        ...noMoney,
        source: "registry",
        profileLearnedAt: null,
      },
    ]);
  });

  it("a profile learned for a registry counterparty is stored in the table and wins; the file keeps its URL and other settings", async () => {
    useRegistry({ 601: { metadataUrl: b.metadataUrl, checkoutProofTo: "merchant" } });
    const learnedAt = new Date("2026-11-30T12:00:00.000Z");
    await recordLearnedSigningProfile(601, { proofCanonicalMode: "replacer", signatureEncoding: "der", requestPath: "relative" }, learnedAt);
    expect(await (await db()).counterparty.findUniqueOrThrow({ where: { ocid: 601 } })).toMatchObject({
      origin: "learned",
      metadataUrl: b.metadataUrl,
      signatureEncoding: "der",
    });
    const expected = {
      ocid: 601,
      metadataUrl: b.metadataUrl,
      proofCanonicalMode: "replacer",
      signatureEncoding: "der",
      requestPath: "relative",
      checkoutProofTo: "merchant",
      ...noMoney,
      source: "registry",
      profileLearnedAt: learnedAt.toISOString(),
    };
    expect(await listCounterparties()).toEqual([expected]);
    expect(await findCounterpartySource(601)).toEqual(expected);

    // The file moves the counterparty: the new URL applies, the learned profile stays.
    useRegistry({ 601: { metadataUrl: a.metadataUrl, checkoutProofTo: "merchant" } });
    expect(await findCounterpartySource(601)).toMatchObject({ metadataUrl: a.metadataUrl, signatureEncoding: "der", requestPath: "relative" });

    // The file drops it: a learned row alone configures nothing (it is not a way back in).
    useRegistry({});
    expect(await findCounterpartySource(601)).toBeNull();
    expect(await listCounterparties()).toEqual([]);
    await expect(resolveCounterparty(601)).rejects.toMatchObject({ code: "UNKNOWN_OCID" });

    // The operator's counterparty:add replaces what was learned.
    await addCounterparty({ ocid: 601, metadataUrl: b.metadataUrl });
    expect(await findCounterpartySource(601)).toMatchObject({ ...spec, source: "database", profileLearnedAt: null });
  });

  it("a profile learned for a table counterparty updates its row", async () => {
    await addCounterparty({ ocid: 600, metadataUrl: a.metadataUrl, checkoutProofTo: "merchant" });
    await recordLearnedSigningProfile(600, { proofCanonicalMode: "recursive", signatureEncoding: "compact", requestPath: "full" });
    expect(await findCounterpartySource(600)).toMatchObject({
      metadataUrl: a.metadataUrl,
      signatureEncoding: "compact",
      checkoutProofTo: "merchant",
      source: "database",
      profileLearnedAt: expect.any(String),
    });
    expect((await (await db()).counterparty.findUniqueOrThrow({ where: { ocid: 600 } })).origin).toBe("operator");
  });
});

const spec = { proofCanonicalMode: "recursive", signatureEncoding: "rsv", requestPath: "full" } as const;
/** Settlement out: we hold neither a reserve nor a provider account there unless configured. */
const noMoney = { reserve: false, provider: false } as const;

describe("wallet CLI counterparty commands", () => {
  const tsx = path.resolve("node_modules/.bin/tsx");
  async function wallet(...args: string[]) {
    try {
      const { stdout } = await run(tsx, ["scripts/wallet.ts", ...args], { env: process.env, timeout: 30_000 });
      return { code: 0, last: stdout.trim().split("\n").at(-1) ?? "", stderr: "" };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, last: e.stdout.trim().split("\n").at(-1) ?? "", stderr: e.stderr };
    }
  }

  it("adds a verified counterparty with its signing profile and lists it", async () => {
    const added = await wallet(
      "counterparty:add",
      "--ocid",
      "601",
      "--metadata-url",
      b.metadataUrl,
      "--proof-canonical",
      "replacer",
      "--signature-encoding",
      "der",
      "--request-path",
      "relative",
      "--checkout-proof-to",
      "merchant",
    );
    expect(added.code).toBe(0);
    expect(JSON.parse(added.last)).toMatchObject({
      ocid: 601,
      proofCanonicalMode: "replacer",
      signatureEncoding: "der",
      requestPath: "relative",
      checkoutProofTo: "merchant",
      publicKey: b.publicKey,
    });

    const listed = await wallet("counterparty:list");
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.last)).toEqual([
      {
        ocid: 601,
        metadataUrl: b.metadataUrl,
        proofCanonicalMode: "replacer",
        signatureEncoding: "der",
        requestPath: "relative",
        checkoutProofTo: "merchant",
        ...noMoney,
        source: "database",
        profileLearnedAt: null,
      },
    ]);

    // Without the flags: the spec's profile and the gateway as checkout proof recipient.
    const plain = await wallet("counterparty:add", "--ocid", "601", "--metadata-url", b.metadataUrl);
    expect(JSON.parse(plain.last)).toMatchObject({ ...spec, checkoutProofTo: "gateway" });
  }, 60_000);

  it("fails clearly on unverifiable metadata and bad options", async () => {
    const bad = await wallet("counterparty:add", "--ocid", "602", "--metadata-url", broken.metadataUrl);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/signature does not verify/);
    const usage = await wallet("counterparty:add", "--ocid", "602");
    expect(usage.code).not.toBe(0);
    expect(usage.stderr).toMatch(/--metadata-url is required/);
    const encoding = await wallet("counterparty:add", "--ocid", "601", "--metadata-url", b.metadataUrl, "--signature-encoding", "base64");
    expect(encoding.code).not.toBe(0);
    expect(encoding.stderr).toMatch(/signatureEncoding/);
    const requestPath = await wallet("counterparty:add", "--ocid", "601", "--metadata-url", b.metadataUrl, "--request-path", "absolute");
    expect(requestPath.code).not.toBe(0);
    expect(requestPath.stderr).toMatch(/requestPath/);
    expect(await (await db()).counterparty.count()).toBe(0);
  }, 60_000);
});
