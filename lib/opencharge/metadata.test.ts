import { describe, expect, it } from "vitest";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { canonicalJson, type CanonicalMode } from "./canonical-json";
import { generateKeyPair, signMessage } from "./crypto";
import { verifyCounterpartyMetadata } from "./metadata";

const key = generateKeyPair();
const config = {
  publicKey: key.publicKey,
  endpoint: "https://m.example/opencharge",
  capabilities: ["orders.create", "transfer.webhook"],
  settlement: { currencies: ["USD"], accepts: [100, 101] },
};
const sign = (value: unknown, mode: CanonicalMode = "recursive", privateKey = key.privateKey) =>
  signMessage(canonicalJson(value, mode), privateKey);

function nested(overrides: Record<string, unknown> = {}, mode: CanonicalMode = "recursive") {
  const cfg = { ...config, ...((overrides.config as object) ?? {}) };
  return { opencharge: "0.1", name: "Shop", ...overrides, config: cfg, signature: sign(cfg, mode) };
}

describe("verifyCounterpartyMetadata — nested shape", () => {
  it.each(["recursive", "replacer"] as const)("accepts a config signed in the %s form", (mode) => {
    const result = verifyCounterpartyMetadata(nested({}, mode));
    expect(result).toEqual({
      shape: "nested",
      signatureMode: mode,
      metadata: { name: "Shop", ...config },
    });
  });

  it("normalises a compressed public key to 128 hex; the signature covers the key as published", () => {
    const point = secp256k1.Point.fromHex(`04${key.publicKey}`);
    const compressed = bytesToHex(point.toBytes(true));
    const result = verifyCounterpartyMetadata(nested({ config: { publicKey: compressed } }));
    expect(result.metadata.publicKey).toBe(key.publicKey);
  });

  it("keeps unknown config keys inside the signed bytes", () => {
    const cfg = { ...config, extra: { z: 1, a: 2 } };
    const document = { name: "Shop", config: cfg, signature: sign(cfg) };
    expect(verifyCounterpartyMetadata(document).signatureMode).toBe("recursive");
    expect(() => verifyCounterpartyMetadata({ ...document, config: { ...cfg, extra: { z: 2, a: 2 } } })).toThrow(/does not verify/);
  });

  it("drops an icon that is not an http(s) URL instead of failing", () => {
    expect(verifyCounterpartyMetadata(nested({ icon: "javascript:alert(1)" })).metadata.icon).toBeUndefined();
    expect(verifyCounterpartyMetadata(nested({ icon: "https://m.example/i.png" })).metadata.icon).toBe("https://m.example/i.png");
  });

  it.each([
    ["a signature by another key", () => ({ ...nested(), signature: sign(config, "recursive", generateKeyPair().privateKey) }), /does not verify/],
    ["a signature over the whole document", () => ({ name: "Shop", config, signature: sign({ name: "Shop", config }) }), /does not verify/],
    ["no signature", () => ({ name: "Shop", config }), /signature/],
    ["no name", () => ({ config, signature: sign(config) }), /name/],
    ["an invalid public key", () => nested({ config: { publicKey: "ab".repeat(64) } }), /publicKey/],
    ["a non-http endpoint", () => nested({ config: { endpoint: "ftp://m.example" } }), /endpoint/],
    ["a non-integer accepts", () => nested({ config: { settlement: { currencies: [], accepts: ["100"] } } }), /accepts/],
    ["an array", () => [], /not a JSON object/],
    ["a string", () => "metadata", /not a JSON object/],
  ])("refuses %s", (_, build, message) => {
    expect(() => verifyCounterpartyMetadata(build())).toThrow(message);
  });
});

describe("verifyCounterpartyMetadata — flat shape", () => {
  const flat = { opencharge: "0.1", name: "Old shop", description: "x", ...config };

  it.each(["recursive", "replacer"] as const)("accepts a document signed without its signature in the %s form", (mode) => {
    const result = verifyCounterpartyMetadata({ ...flat, signature: sign(flat, mode) });
    expect(result).toEqual({ shape: "flat", signatureMode: mode, metadata: { name: "Old shop", ...config } });
  });

  it("refuses a flat document whose signature covers only the config part", () => {
    expect(() => verifyCounterpartyMetadata({ ...flat, signature: sign(config) })).toThrow(/does not verify over the document/);
  });

  it("refuses an unsigned flat document", () => {
    expect(() => verifyCounterpartyMetadata(flat)).toThrow(/signature/);
  });

  it("defaults missing capabilities to none and leaves settlement out", () => {
    const { capabilities: _c, settlement: _s, ...bare } = flat;
    const result = verifyCounterpartyMetadata({ ...bare, signature: sign(bare) });
    expect(result.metadata.capabilities).toEqual([]);
    expect("settlement" in result.metadata).toBe(false);
  });
});
