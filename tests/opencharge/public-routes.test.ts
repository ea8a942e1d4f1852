/** GET /opencharge/metadata.json, the unsigned side of /capabilities, and the protocol catch-all. */
import { describe, expect, it } from "vitest";
import { GET as catchAllGet, POST as catchAllPost } from "@/app/opencharge/[...path]/route";
import { GET as capabilities } from "@/app/opencharge/capabilities/route";
import { GET as metadata } from "@/app/opencharge/metadata.json/route";
import { canonicalJson } from "@/lib/opencharge/canonical-json";
import { verifyMessage } from "@/lib/opencharge/crypto";
import { verifyCounterpartyMetadata } from "@/lib/opencharge/metadata";
import { APP, GATEWAY_OCID, GATEWAY_PUBLIC_KEY, hasValidResponseSignature, noParams, nonceCount, readJson, request } from "./support/helpers";

describe("GET /opencharge/metadata.json", () => {
  it("serves the nested shape with a config signature that verifies with our public key", async () => {
    const response = await metadata(request(`${APP}/opencharge/metadata.json`), noParams);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await hasValidResponseSignature(response)).toBe(true);

    const document = await readJson(response);
    expect(Object.keys(document).sort()).toEqual(["config", "name", "opencharge", "signature"]);
    expect(document.opencharge).toBe("0.1");
    expect(document.name).toEqual(expect.any(String));
    expect(document.config).toEqual({
      publicKey: GATEWAY_PUBLIC_KEY,
      endpoint: `${APP}/opencharge`,
      capabilities: ["checkout.create", "orders.create.session", "transfer.create", "transfer.webhook", "payment.create", "payment.settle", "verify.txid"],
      settlement: { currencies: expect.arrayContaining(["USD", "EUR", "UGX"]), accepts: [GATEWAY_OCID] },
    });
    expect(document.config.publicKey).toMatch(/^[0-9a-f]{128}$/);
    expect(document.signature).toMatch(/^[0-9a-f]{128}1[bc]$/);
    // Signed in the recursive canonical form (policy §5); the replacer form would drop settlement's keys.
    expect(verifyMessage(canonicalJson(document.config, "recursive"), document.signature, GATEWAY_PUBLIC_KEY)).toBe(true);
    expect(verifyMessage(canonicalJson(document.config, "replacer"), document.signature, GATEWAY_PUBLIC_KEY)).toBe(false);
    // …and our own reader accepts it, while a tampered copy fails.
    expect(verifyCounterpartyMetadata(document)).toMatchObject({ shape: "nested", signatureMode: "recursive" });
    const tampered = { ...document, config: { ...document.config, endpoint: "https://evil.example/opencharge" } };
    expect(() => verifyCounterpartyMetadata(tampered)).toThrow(/does not verify/);
  });

  it("needs no signed headers and records no nonce", async () => {
    await metadata(request(`${APP}/opencharge/metadata.json`), noParams);
    expect(await nonceCount()).toBe(0);
  });
});

describe("GET /opencharge/capabilities", () => {
  it("answers 401 INVALID_SIGNATURE, signed, to an unsigned request", async () => {
    const response = await capabilities(request(`${APP}/opencharge/capabilities`), noParams);
    expect(response.status).toBe(401);
    expect((await readJson(response.clone())).error).toMatchObject({ code: "INVALID_SIGNATURE", message: expect.stringMatching(/X-OC-ID/) });
    expect(await hasValidResponseSignature(response)).toBe(true);
  });
});

describe("unknown protocol paths", () => {
  it.each([
    ["GET", catchAllGet],
    ["POST", catchAllPost],
  ] as const)("answer %s with a signed 404 NOT_FOUND envelope", async (method, handler) => {
    const response = await handler(
      request(`${APP}/opencharge/no/such/thing`, { method, ...(method === "POST" ? { body: "{}" } : {}) }),
      { params: Promise.resolve({ path: ["no", "such", "thing"] }) },
    );
    expect(response.status).toBe(404);
    expect(await readJson(response.clone())).toEqual({ error: { code: "NOT_FOUND", message: expect.any(String) } });
    expect(await hasValidResponseSignature(response)).toBe(true);
  });
});
