import type { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { DELETE as revokeKeyRoute } from "@/app/api/merchants/[id]/keys/[keyId]/route";
import { GET as listKeysRoute, POST as createKeyRoute } from "@/app/api/merchants/[id]/keys/route";
import { db } from "@/lib/db";
import { route } from "@/lib/http/route";
import { authenticateMerchantRequest } from "@/lib/merchants/authenticate-merchant-key";
import { json, makeUser, makeUserWithToken, noParams, request } from "@/tests/support/factories";
import { bearer, makeMerchant, makeMerchantKey, sessionCookie } from "@/tests/support/merchant-factories";

const createKey = (headers: Record<string, string>, id: string, body: unknown) =>
  createKeyRoute(
    request(`/api/merchants/${id}/keys`, { method: "POST", body: JSON.stringify(body), headers: { ...headers, "content-type": "application/json" } }),
    { params: Promise.resolve({ id }) },
  );
const listKeys = (headers: Record<string, string>, id: string) =>
  listKeysRoute(request(`/api/merchants/${id}/keys`, { headers }), { params: Promise.resolve({ id }) });
const revokeKey = (headers: Record<string, string>, id: string, keyId: string) =>
  revokeKeyRoute(request(`/api/merchants/${id}/keys/${keyId}`, { method: "DELETE", headers }), { params: Promise.resolve({ id, keyId }) });

/** A merchant endpoint as others will build them: route() + authenticateMerchantRequest, one per scope. */
const whoAmI = route({ authenticate: (req: NextRequest) => authenticateMerchantRequest(req) }, async ({ auth }) => auth);
const payments = route({ authenticate: (req: NextRequest) => authenticateMerchantRequest(req, { scope: "payments" }) }, async ({ auth }) => auth);
const refunds = route({ authenticate: (req: NextRequest) => authenticateMerchantRequest(req, { scope: "refunds" }) }, async ({ auth }) => auth);
const call = (endpoint: typeof whoAmI, headers: Record<string, string>) => endpoint(request("/api/merchant-endpoint", { headers }), noParams);

async function ownerWithMerchant() {
  const owner = await makeUserWithToken();
  const merchant = await makeMerchant(owner.id);
  return { owner, merchant };
}

describe("POST /api/merchants/{id}/keys", () => {
  it("creates a key shown once and stored only as its hash; default scopes are both", async () => {
    const { owner, merchant } = await ownerWithMerchant();
    const response = await createKey(bearer(owner.token), merchant.id, { name: "Front till" });
    expect(response.status).toBe(201);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await json(response);
    expect(body).toEqual({
      id: expect.any(String),
      key: expect.stringMatching(/^mk_[A-Za-z0-9_-]{43}$/),
      scopes: ["payments", "refunds"],
      name: "Front till",
      prefix: body.key.slice(0, 10),
      createdAt: expect.any(String),
    });
    const stored = await (await db()).merchantApiKey.findUniqueOrThrow({ where: { id: body.id } });
    expect(stored).toMatchObject({ merchantId: merchant.id, scopes: "payments,refunds", revokedAt: null, lastUsedAt: null });
    expect(JSON.stringify(stored)).not.toContain(body.key.slice(10));
    expect(await call(whoAmI, bearer(body.key)).then(json)).toEqual({ merchantId: merchant.id, keyId: body.id, scopes: ["payments", "refunds"] });
  });

  it("creates keys with the session, with one scope, with duplicates ignored, and without a name", async () => {
    const { owner, merchant } = await ownerWithMerchant();
    const payOnly = await json(await createKey(await sessionCookie(owner.id), merchant.id, { name: "POS", scopes: ["payments"] }));
    expect(payOnly.scopes).toEqual(["payments"]);
    const twice = await json(await createKey(bearer(owner.token), merchant.id, { name: "Back office", scopes: ["refunds", "payments", "refunds"] }));
    expect(twice.scopes).toEqual(["payments", "refunds"]);
    const nameless = await json(await createKey(bearer(owner.token), merchant.id, {}));
    expect(nameless).toMatchObject({ name: "API key", scopes: ["payments", "refunds"] });
  });

  it.each([
    ["an empty scope list", { name: "k", scopes: [] }],
    ["an unknown scope", { name: "k", scopes: ["payments", "admin"] }],
    ["scopes as a string", { name: "k", scopes: "payments" }],
    ["a blank name", { name: "   " }],
    ["a 1 MB name", { name: "k".repeat(1024 * 1024) }],
    ["a 101-character name", { name: "k".repeat(101) }],
  ])("refuses %s with 400 and creates nothing", async (_name, body) => {
    const { owner, merchant } = await ownerWithMerchant();
    const response = await createKey(bearer(owner.token), merchant.id, body);
    expect(response.status).toBe(400);
    expect((await json(response)).error.code).toBe("VALIDATION_ERROR");
    expect(await (await db()).merchantApiKey.count({ where: { merchantId: merchant.id } })).toBe(0);
  });

  it("refuses another user (404), a merchant key (401) and no credentials (401)", async () => {
    const { owner, merchant } = await ownerWithMerchant();
    const mallory = await makeUserWithToken();
    const foreign = await createKey(bearer(mallory.token), merchant.id, { name: "mine now" });
    expect(foreign.status).toBe(404);
    expect(await json(foreign)).toEqual({ error: { code: "NOT_FOUND", message: "No such merchant." } });
    const { key } = await makeMerchantKey({ merchantId: merchant.id, ownerId: owner.id });
    const byKey = await createKey(bearer(key), merchant.id, { name: "minted by a till" });
    expect(byKey.status).toBe(401);
    expect((await json(byKey)).error.code).toBe("UNAUTHENTICATED");
    expect((await createKey({}, merchant.id, { name: "x" })).status).toBe(401);
    expect(await (await db()).merchantApiKey.count({ where: { merchantId: merchant.id } })).toBe(1);
  });
});

describe("GET and DELETE /api/merchants/{id}/keys", () => {
  it("lists keys newest first without secrets or hashes, and revokes one: it is refused from then on", async () => {
    const { owner, merchant } = await ownerWithMerchant();
    const first = await json(await createKey(bearer(owner.token), merchant.id, { name: "One", scopes: ["payments"] }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await json(await createKey(bearer(owner.token), merchant.id, { name: "Two" }));
    const listed = await listKeys(bearer(owner.token), merchant.id);
    expect(listed.status).toBe(200);
    expect(listed.headers.get("cache-control")).toBe("no-store");
    const { keys } = await json(listed);
    expect(keys).toEqual([
      { id: second.id, name: "Two", prefix: second.prefix, scopes: ["payments", "refunds"], createdAt: second.createdAt, lastUsedAt: null, revokedAt: null },
      { id: first.id, name: "One", prefix: first.prefix, scopes: ["payments"], createdAt: first.createdAt, lastUsedAt: null, revokedAt: null },
    ]);
    const text = JSON.stringify(keys);
    expect(text).not.toContain(first.key.slice(10));
    expect(text).not.toContain("keyHash");

    expect((await call(payments, bearer(first.key))).status).toBe(200);
    const revoked = await revokeKey(bearer(owner.token), merchant.id, first.id);
    expect(revoked.status).toBe(200);
    expect(await json(revoked)).toEqual({ revoked: true });
    const refused = await call(payments, bearer(first.key));
    expect(refused.status).toBe(401);
    expect((await json(refused)).error.code).toBe("UNAUTHENTICATED");
    expect((await call(payments, bearer(second.key))).status).toBe(200);
    const after = (await json(await listKeys(await sessionCookie(owner.id), merchant.id))).keys;
    expect(after.find((k: { id: string }) => k.id === first.id).revokedAt).toEqual(expect.any(String));
    // Revoking twice: no such active key.
    expect((await revokeKey(bearer(owner.token), merchant.id, first.id)).status).toBe(404);
  });

  it("lets nobody list or revoke another user's keys, nor revoke a key through another merchant (404)", async () => {
    const { owner, merchant } = await ownerWithMerchant();
    const { id: keyId, key } = await makeMerchantKey({ merchantId: merchant.id, ownerId: owner.id });
    const mallory = await makeUserWithToken();
    const malloryShop = await makeMerchant(mallory.id);
    expect((await listKeys(bearer(mallory.token), merchant.id)).status).toBe(404);
    expect((await revokeKey(bearer(mallory.token), merchant.id, keyId)).status).toBe(404);
    // Mallory's own merchant in the path, Alice's key id: still not found.
    expect((await revokeKey(bearer(mallory.token), malloryShop.id, keyId)).status).toBe(404);
    // Even the owner cannot revoke a key through a different merchant of theirs.
    const otherShop = await makeMerchant(owner.id);
    expect((await revokeKey(bearer(owner.token), otherShop.id, keyId)).status).toBe(404);
    // A till cannot revoke keys.
    expect((await revokeKey(bearer(key), merchant.id, keyId)).status).toBe(401);
    expect((await listKeys(bearer(key), merchant.id)).status).toBe(401);
    expect((await call(whoAmI, bearer(key))).status).toBe(200);
  });
});

describe("authenticateMerchantRequest", () => {
  it.each([
    ["no Authorization header", {}],
    ["an empty bearer", { authorization: "Bearer " }],
    ["another scheme", { authorization: "Basic bWs6eA==" }],
    ["a malformed key", bearer("mk_short")],
    ["an unknown key", bearer("mk_" + "A".repeat(43))],
    ["two tokens", { authorization: `Bearer mk_${"A".repeat(43)} mk_${"B".repeat(43)}` }],
  ])("answers %s with 401 UNAUTHENTICATED in the envelope", async (_name, headers) => {
    const response = await call(payments, headers);
    expect(response.status).toBe(401);
    const body = await json(response);
    expect(body.error.code).toBe("UNAUTHENTICATED");
    expect(typeof body.error.message).toBe("string");
  });

  it("refuses a wallet access token (ocw_…), even a live one, with 401", async () => {
    const user = await makeUserWithToken();
    const response = await call(whoAmI, bearer(user.token));
    expect(response.status).toBe(401);
    expect((await json(response)).error).toEqual({
      code: "UNAUTHENTICATED",
      message: "This is a wallet access token; merchant endpoints take a merchant API key (mk_…).",
    });
  });

  it("does not fall back to the browser session", async () => {
    const owner = await makeUser();
    expect((await call(whoAmI, await sessionCookie(owner.id))).status).toBe(401);
  });

  it("refuses a key without the required scope with 403 FORBIDDEN, and lets it use its own scope", async () => {
    const { owner, merchant } = await ownerWithMerchant();
    const payOnly = await makeMerchantKey({ merchantId: merchant.id, ownerId: owner.id, scopes: ["payments"] });
    const refundOnly = await makeMerchantKey({ merchantId: merchant.id, ownerId: owner.id, scopes: ["refunds"] });
    const forbidden = await call(refunds, bearer(payOnly.key));
    expect(forbidden.status).toBe(403);
    expect((await json(forbidden)).error).toMatchObject({ code: "FORBIDDEN", details: { scope: "refunds", scopes: ["payments"] } });
    expect((await call(payments, bearer(refundOnly.key))).status).toBe(403);
    expect(await call(payments, bearer(payOnly.key)).then(json)).toEqual({ merchantId: merchant.id, keyId: payOnly.id, scopes: ["payments"] });
    expect(await call(refunds, bearer(refundOnly.key)).then(json)).toEqual({ merchantId: merchant.id, keyId: refundOnly.id, scopes: ["refunds"] });
  });

  it("names the key's own merchant, never another (each key acts for its merchant only)", async () => {
    const alice = await ownerWithMerchant();
    const bob = await ownerWithMerchant();
    const aliceKey = await makeMerchantKey({ merchantId: alice.merchant.id, ownerId: alice.owner.id });
    const bobKey = await makeMerchantKey({ merchantId: bob.merchant.id, ownerId: bob.owner.id });
    expect((await call(whoAmI, bearer(aliceKey.key)).then(json)).merchantId).toBe(alice.merchant.id);
    expect((await call(whoAmI, bearer(bobKey.key)).then(json)).merchantId).toBe(bob.merchant.id);
  });

  it("records lastUsedAt at most once a minute", async () => {
    const { owner, merchant } = await ownerWithMerchant();
    const { id, key } = await makeMerchantKey({ merchantId: merchant.id, ownerId: owner.id });
    const client = await db();
    await Promise.all(Array.from({ length: 5 }, () => call(whoAmI, bearer(key))));
    const first = (await client.merchantApiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await call(whoAmI, bearer(key));
    expect((await client.merchantApiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(first);
    // Over a minute ago: the next use records the time again.
    const old = new Date(Date.now() - 61_000);
    await client.merchantApiKey.update({ where: { id }, data: { lastUsedAt: old } });
    await call(whoAmI, bearer(key));
    const later = (await client.merchantApiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt!;
    expect(later.getTime()).toBeGreaterThan(old.getTime() + 60_000);
  });
});
