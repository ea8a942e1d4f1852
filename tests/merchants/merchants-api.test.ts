import { describe, expect, it } from "vitest";
import { GET as getMerchantRoute } from "@/app/api/merchants/[id]/route";
import { GET as listMerchantsRoute, POST as createMerchantRoute } from "@/app/api/merchants/route";
import { db } from "@/lib/db";
import { MERCHANT_ID_PATTERN } from "@/lib/merchants/merchant-id";
import { json, makeUser, makeUserWithToken, noParams, request } from "@/tests/support/factories";
import { bearer, makeMerchant, makeMerchantKey, sessionCookie } from "@/tests/support/merchant-factories";

const create = (headers: Record<string, string>, body: unknown) =>
  createMerchantRoute(
    request("/api/merchants", { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers: { ...headers, "content-type": "application/json" } }),
    noParams,
  );
const list = (headers: Record<string, string>) => listMerchantsRoute(request("/api/merchants", { headers }), noParams);
const get = (headers: Record<string, string>, id: string) =>
  getMerchantRoute(request(`/api/merchants/${encodeURIComponent(id)}`, { headers }), { params: Promise.resolve({ id }) });

describe("POST /api/merchants", () => {
  it("creates a merchant with a personal access token → 201 {id, name, handle, createdAt}", async () => {
    const owner = await makeUserWithToken();
    const response = await create(bearer(owner.token), { name: "  Corner Café ", handle: "@Corner_Cafe" });
    expect(response.status).toBe(201);
    const body = await json(response);
    expect(body).toEqual({ id: expect.stringMatching(MERCHANT_ID_PATTERN), name: "Corner Café", handle: "corner_cafe", createdAt: expect.any(String) });
    expect(new Date(body.createdAt).toISOString()).toBe(body.createdAt);
    const stored = await (await db()).merchant.findUniqueOrThrow({ where: { id: body.id } });
    expect(stored).toMatchObject({ ownerId: owner.id, name: "Corner Café", handle: "corner_cafe" });
  });

  it("creates one with the browser session, and generates the handle from the name when none is given", async () => {
    const owner = await makeUser();
    const response = await create(await sessionCookie(owner.id), { name: "Zoë's Bakery" });
    expect(response.status).toBe(201);
    expect((await json(response)).handle).toBe("zoe_s_bakery");
    const second = await json(await create(await sessionCookie(owner.id), { name: "Zoë's  bakery!" }));
    expect(second.handle).toBe("zoe_s_bakery2");
  });

  it("gives every merchant a different unguessable id (m_ + 128 random bits)", async () => {
    const owner = await makeUser();
    const ids = await Promise.all(Array.from({ length: 5 }, (_, i) => makeMerchant(owner.id, { name: `Id test ${i}` }).then((m) => m.id)));
    expect(new Set(ids).size).toBe(5);
    for (const id of ids) expect(id).toMatch(/^m_[0-9a-f]{32}$/);
  });

  it.each([
    ["no credentials", {}],
    ["an unknown token", bearer("ocw_" + "B".repeat(43))],
    ["a malformed token", bearer("nope")],
  ])("refuses %s (401) and creates nothing", async (_name, headers) => {
    const client = await db();
    const before = await client.merchant.count();
    const response = await create(headers, { name: "Nope", handle: "nope_shop" });
    expect(response.status).toBe(401);
    expect((await json(response)).error.code).toBe("UNAUTHENTICATED");
    expect(await client.merchant.count()).toBe(before);
  });

  it("refuses a merchant API key: merchants are managed by their owner, not by a till (401)", async () => {
    const owner = await makeUser();
    const merchant = await makeMerchant(owner.id);
    const { key } = await makeMerchantKey({ merchantId: merchant.id, ownerId: owner.id });
    const response = await create(bearer(key), { name: "By key" });
    expect(response.status).toBe(401);
    expect((await list(bearer(key))).status).toBe(401);
    expect((await get(bearer(key), merchant.id)).status).toBe(401);
  });

  it("refuses a cross-site request with the session cookie (403)", async () => {
    const owner = await makeUser();
    const response = await create({ ...(await sessionCookie(owner.id)), origin: "https://evil.example" }, { name: "Evil" });
    expect(response.status).toBe(403);
    expect(await (await db()).merchant.count({ where: { ownerId: owner.id } })).toBe(0);
  });

  it.each([
    ["a 1 MB name", { name: "x".repeat(1024 * 1024) }, "VALIDATION_ERROR"],
    ["a 101-character name", { name: "x".repeat(101) }, "VALIDATION_ERROR"],
    ["a blank name", { name: "   " }, "VALIDATION_ERROR"],
    ["no name", { handle: "noname" }, "VALIDATION_ERROR"],
    ["a numeric name", { name: 5 }, "VALIDATION_ERROR"],
    ["a bad handle", { name: "Shop", handle: "no spaces" }, "VALIDATION_ERROR"],
    ["a short handle", { name: "Shop", handle: "@ab" }, "VALIDATION_ERROR"],
    ["a NUL in the name", { name: "Sh\u0000op" }, "VALIDATION_ERROR"],
    ["malformed JSON", "{name:", "INVALID_JSON"],
  ])("refuses %s with 400 and stores nothing", async (_name, body, code) => {
    const owner = await makeUserWithToken();
    const client = await db();
    const before = { merchants: await client.merchant.count(), handles: await client.handle.count() };
    const response = await create(bearer(owner.token), body);
    expect(response.status).toBe(400);
    expect((await json(response)).error.code).toBe(code);
    expect({ merchants: await client.merchant.count(), handles: await client.handle.count() }).toEqual(before);
  });

  it("names the field of a bad handle or name", async () => {
    const owner = await makeUserWithToken();
    expect((await json(await create(bearer(owner.token), { name: "Shop", handle: "bad-handle" }))).error.details).toEqual({ field: "handle" });
    expect((await json(await create(bearer(owner.token), { name: "x".repeat(101) }))).error.details).toEqual({ field: "name" });
  });

  it("of concurrent creations with one handle exactly one is 201, the others a clean 409 HANDLE_TAKEN", async () => {
    const owners = await Promise.all(Array.from({ length: 6 }, () => makeUserWithToken()));
    const responses = await Promise.all(owners.map((o, i) => create(bearer(o.token), { name: `Race ${i}`, handle: i % 2 ? "@Till_Race" : "till_race" })));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const response of responses.filter((r) => r.status === 409)) {
      expect((await json(response)).error).toMatchObject({ code: "HANDLE_TAKEN", details: { field: "handle", handle: "till_race" } });
    }
    const client = await db();
    expect(await client.merchant.count({ where: { name: { startsWith: "Race " } } })).toBe(1);
    expect(await client.handle.count({ where: { handle: "till_race" } })).toBe(1);
  });
});

describe("GET /api/merchants and /api/merchants/{id}", () => {
  it("lists the caller's own merchants, newest first, and nobody else's", async () => {
    const alice = await makeUserWithToken();
    const bob = await makeUserWithToken();
    const first = await makeMerchant(alice.id, { name: "First" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await makeMerchant(alice.id, { name: "Second" });
    await makeMerchant(bob.id, { name: "Bob's" });
    const response = await list(bearer(alice.token));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await json(response)).toEqual({ merchants: [second, first] });
    expect(await json(await list(await sessionCookie(alice.id)))).toEqual({ merchants: [second, first] });
    const empty = await makeUserWithToken();
    expect(await json(await list(bearer(empty.token)))).toEqual({ merchants: [] });
    expect((await list({})).status).toBe(401);
  });

  it("shows a merchant to its owner, and answers another user's merchant exactly like a missing one (404)", async () => {
    const alice = await makeUserWithToken();
    const mallory = await makeUserWithToken();
    const merchant = await makeMerchant(alice.id, { name: "Alice's" });
    const own = await get(bearer(alice.token), merchant.id);
    expect(own.status).toBe(200);
    expect(await json(own)).toEqual(merchant);

    const foreign = await get(bearer(mallory.token), merchant.id);
    const missing = await get(bearer(mallory.token), "m_" + "0".repeat(32));
    const malformed = await get(bearer(mallory.token), "not-an-id");
    for (const response of [foreign, missing, malformed]) {
      expect(response.status).toBe(404);
      expect(await json(response)).toEqual({ error: { code: "NOT_FOUND", message: "No such merchant." } });
    }
    expect((await get({}, merchant.id)).status).toBe(401);
  });
});
