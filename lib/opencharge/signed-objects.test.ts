import { describe, expect, it } from "vitest";
import { generateKeyPair, signMessage } from "./crypto";
import { canonicalJson } from "./canonical-json";
import { signObject, verifySignedObject } from "./signed-objects";
import { TEST_PUBLIC_KEY, TV2_PROOF, TV2_SIGNATURE, TV3_ORDER, TV3_SIGNATURE_RECURSIVE, TV3_SIGNATURE_REPLACER } from "./test-vectors";

// In tests our gateway key is the docs' test key (tests/support/setup-env.ts), so the reference vectors apply.
const PUB = TEST_PUBLIC_KEY;

describe("signObject", () => {
  it("reproduces the TV2 proof signature (recursive form)", () => {
    expect(signObject(TV2_PROOF)).toBe(TV2_SIGNATURE);
  });

  it("reproduces the TV3 order signatures in both forms", () => {
    expect(signObject(TV3_ORDER, "recursive")).toBe(TV3_SIGNATURE_RECURSIVE);
    expect(signObject(TV3_ORDER, "replacer")).toBe(TV3_SIGNATURE_REPLACER);
  });
});

describe("verifySignedObject", () => {
  it("names the canonical form the signature verifies in", () => {
    expect(verifySignedObject(TV3_ORDER, signObject(TV3_ORDER, "recursive"), PUB)).toBe("recursive");
    expect(verifySignedObject(TV3_ORDER, signObject(TV3_ORDER, "replacer"), PUB)).toBe("replacer");
  });

  it("returns null for a changed object, another key or garbage", () => {
    const signature = signObject(TV3_ORDER);
    expect(verifySignedObject({ ...TV3_ORDER, amount: "15.01" }, signature, PUB)).toBeNull();
    expect(verifySignedObject({ ...TV3_ORDER, items: [{ ...TV3_ORDER.items[0], quantity: 3 }] }, signature, PUB)).toBeNull();
    expect(verifySignedObject(TV3_ORDER, signature, generateKeyPair().publicKey)).toBeNull();
    expect(verifySignedObject(TV3_ORDER, "zz", PUB)).toBeNull();
    expect(verifySignedObject({ n: 1n }, signature, PUB)).toBeNull();
    expect(verifySignedObject(TV3_ORDER, undefined as unknown as string, PUB)).toBeNull();
  });

  it("verifies signatures by other keys in either form", () => {
    const other = generateKeyPair();
    const signature = signMessage(canonicalJson(TV2_PROOF, "replacer"), other.privateKey);
    expect(verifySignedObject(TV2_PROOF, signature, other.publicKey)).toBe("replacer");
    expect(verifySignedObject(TV2_PROOF, signature, PUB)).toBeNull();
  });
});
