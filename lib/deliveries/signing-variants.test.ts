import { describe, expect, it } from "vitest";
import { isSignatureRefusal, SIGNING_VARIANTS, signingVariantsFor } from "./signing-variants";
import { signingProfileName, SPEC_SIGNING_PROFILE } from "@/lib/opencharge/signing-profile";

const names = (list: Parameters<typeof signingProfileName>[0][]) => list.map(signingProfileName);

describe("signing variants", () => {
  it("are every combination once, the spec first, then by number of deviations from it", () => {
    const list = names([...SIGNING_VARIANTS]);
    expect(new Set(list).size).toBe(12);
    expect(list[0]).toBe("recursive/rsv/full");
    const deviations = SIGNING_VARIANTS.map(
      (v) => Number(v.proofCanonicalMode !== "recursive") + Number(v.signatureEncoding !== "rsv") + Number(v.requestPath !== "full"),
    );
    expect(deviations).toEqual([...deviations].sort((a, b) => a - b));
    // The single deviations, most common in the docs' code first.
    expect(list.slice(1, 5)).toEqual(["replacer/rsv/full", "recursive/der/full", "recursive/compact/full", "recursive/rsv/relative"]);
    expect(list.at(-2)).toBe("replacer/der/relative"); // the Merchant API example code as published
    for (const variant of SIGNING_VARIANTS) expect(variant.why.length).toBeGreaterThan(10);
  });

  it("start with the counterparty's current profile and never repeat one", () => {
    const current = { proofCanonicalMode: "replacer", signatureEncoding: "der", requestPath: "relative" } as const;
    const list = names(signingVariantsFor(current));
    expect(list[0]).toBe("replacer/der/relative");
    expect(list[1]).toBe("recursive/rsv/full");
    expect(list).toHaveLength(12);
    expect(new Set(list).size).toBe(12);
    expect(names(signingVariantsFor(SPEC_SIGNING_PROFILE))).toEqual(names([...SIGNING_VARIANTS]));
  });
});

describe("isSignatureRefusal", () => {
  it.each([
    [401, { error: { code: "INVALID_SIGNATURE", message: "X-OC-Signature does not verify" } }, ""],
    [400, { error: { code: "PROOF_SIGNATURE_INVALID", message: "Proof signature does not verify" } }, ""],
    [401, { error: "Invalid signature" }, ""],
    [400, { error: "INVALID_SIGNATURE" }, ""],
    [403, { message: "Signature mismatch" }, ""],
    [401, { errors: [{ message: "signature verification failed" }] }, ""],
    [401, undefined, "Unauthorized: invalid signature"],
  ])("a signature refusal: %i %j %s", (status, json, text) => {
    expect(isSignatureRefusal(status, json, text || JSON.stringify(json))).toBe(true);
  });

  it.each([
    [400, { error: { code: "ORDER_NOT_FOUND", message: "No order" } }, ""],
    [401, { error: { code: "TIMESTAMP_EXPIRED", message: "X-OC-Timestamp outside ±300 s" } }, ""],
    [401, { error: { code: "NONCE_REUSED", message: "nonce already used, signature irrelevant" } }, ""],
    [400, { error: { code: "AMOUNT_MISMATCH", message: "Expected 3.00" } }, ""],
    [500, { error: { code: "INVALID_SIGNATURE", message: "a 5xx is retried, never walked" } }, ""],
    [200, { status: "accepted" }, ""],
    [400, { error: "Missing signature" }, ""],
    [404, undefined, "Not found"],
  ])("not a signature refusal: %i %j", (status, json, text) => {
    expect(isSignatureRefusal(status, json, text || JSON.stringify(json ?? ""))).toBe(false);
  });
});
