import { describe, expect, it } from "vitest";
import { POST as createMerchantRoute } from "@/app/api/merchants/route";
import { POST as signup } from "@/app/api/signup/route";
import { GET as getMe } from "@/app/api/wallet/me/route";
import { db } from "@/lib/db";
import { handleBaseFrom, handleBaseFromEmail } from "@/lib/handles/handle-rules";
import { findUserByHandle, findUserByHandleOrThrow } from "@/lib/users/find-user-by-handle";
import { json, makeUser, makeUserWithToken, noParams, request } from "@/tests/support/factories";
import { bearer, makeMerchant, makeMerchantKey, sessionCookie } from "@/tests/support/merchant-factories";

const PASSWORD = "a good long password";

const post = (body: Record<string, unknown>) =>
  signup(request("/api/signup", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }), noParams);

const postMerchant = (token: string, body: Record<string, unknown>) =>
  createMerchantRoute(
    request("/api/merchants", { method: "POST", body: JSON.stringify(body), headers: { ...bearer(token), "content-type": "application/json" } }),
    noParams,
  );

const email = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 8)}@example.test`;

async function handleRows(handle: string) {
  return (await db()).handle.findMany({ where: { handle } });
}

describe("handles at sign-up", () => {
  it("stores the handle lower-case without @, with its user, in the one namespace", async () => {
    const response = await post({ email: email("ada"), password: PASSWORD, handle: " @Ada_L " });
    expect(response.status).toBe(201);
    const { user } = await json(response);
    expect(user.handle).toBe("ada_l");
    expect(await handleRows("ada_l")).toEqual([expect.objectContaining({ handle: "ada_l", userId: user.id, merchantId: null })]);
    const stored = await (await db()).user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.handle).toBe("ada_l");
  });

  it("generates one from the email's local part when none is given (blank counts as none), with digits when taken", async () => {
    const first = await json(await post({ email: "grace.hopper+navy@example.test", password: PASSWORD }));
    expect(first.user.handle).toBe("grace_hopper");
    const second = await json(await post({ email: "Grace.Hopper@elsewhere.test", password: PASSWORD, handle: "  " }));
    expect(second.user.handle).toBe("grace_hopper2");
    const short = await json(await post({ email: "al@example.test", password: PASSWORD }));
    expect(short.user.handle).toBe("al0");
    const long = await json(await post({ email: `${"x".repeat(40)}@example.test`, password: PASSWORD }));
    expect(long.user.handle).toBe("x".repeat(30));
    const longAgain = await json(await post({ email: `${"x".repeat(40)}@other.test`, password: PASSWORD }));
    expect(longAgain.user.handle).toBe(`${"x".repeat(29)}2`);
  });

  it("sanitises generated bases to the rules", () => {
    expect(handleBaseFromEmail("José.Ñúñez-Díaz@example.test")).toBe("jose_nunez_diaz");
    expect(handleBaseFromEmail("..@example.test")).toBe("user");
    expect(handleBaseFrom("Café Zoë & Co.", "shop")).toBe("cafe_zoe_co");
    expect(handleBaseFrom("!!!", "shop")).toBe("shop");
    expect(handleBaseFrom("a", "shop")).toBe("a00");
    expect(handleBaseFrom(`${"ab_".repeat(10)}cd`, "shop")).toBe("ab_ab_ab_ab_ab_ab_ab_ab_ab_ab");
  });

  it.each([
    ["too short", "ab", "A handle has at least 3 characters."],
    ["too long", "a".repeat(31), "A handle has at most 30 characters."],
    ["a punctuation mark", "ada!", "A handle is 3–30 characters: letters a–z, digits and _ (a leading @ is optional)."],
    ["a space inside", "ada lovelace", "A handle is 3–30 characters: letters a–z, digits and _ (a leading @ is optional)."],
    ["two @", "@@ada", "A handle is 3–30 characters: letters a–z, digits and _ (a leading @ is optional)."],
    ["a non-ASCII letter", "adà", "A handle is 3–30 characters: letters a–z, digits and _ (a leading @ is optional)."],
    ["a hyphen", "ada-l", "A handle is 3–30 characters: letters a–z, digits and _ (a leading @ is optional)."],
  ])("refuses a handle with %s (400 naming the field) and creates nothing", async (_name, handle, message) => {
    const client = await db();
    const before = { users: await client.user.count(), handles: await client.handle.count() };
    const response = await post({ email: email("bad"), password: PASSWORD, handle });
    expect(response.status).toBe(400);
    expect((await json(response)).error).toEqual({ code: "VALIDATION_ERROR", message, details: { field: "handle" } });
    expect({ users: await client.user.count(), handles: await client.handle.count() }).toEqual(before);
  });

  it("refuses a handle that is not text, and a 1 MB one, with 400", async () => {
    expect((await post({ email: email("n"), password: PASSWORD, handle: 42 })).status).toBe(400);
    expect((await post({ email: email("m"), password: PASSWORD, handle: "a".repeat(1024 * 1024) })).status).toBe(400);
  });

  it.each([["ADA_TAKEN"], ["@ada_taken"], ["@Ada_Taken"], ["ada_taken"]])(
    "refuses %j when a user holds the handle (any case, with or without @): 409 HANDLE_TAKEN naming the field",
    async (typed) => {
      const client = await db();
      if (!(await client.handle.findUnique({ where: { handle: "ada_taken" } }))) {
        expect((await post({ email: email("holder"), password: PASSWORD, handle: "ada_taken" })).status).toBe(201);
      }
      const users = await client.user.count();
      const address = email("second");
      const response = await post({ email: address, password: PASSWORD, handle: typed });
      expect(response.status).toBe(409);
      expect((await json(response)).error).toEqual({
        code: "HANDLE_TAKEN",
        message: "The handle @ada_taken is already taken; choose another.",
        details: { field: "handle", handle: "ada_taken" },
      });
      expect(await client.user.count()).toBe(users);
      expect(await client.user.count({ where: { email: address } })).toBe(0);
    },
  );

  it("refuses a handle a merchant holds, and a merchant may not take a user's handle", async () => {
    const owner = await makeUserWithToken();
    const merchant = await makeMerchant(owner.id, { name: "Corner shop", handle: "corner_shop" });
    const response = await post({ email: email("x"), password: PASSWORD, handle: "@Corner_Shop" });
    expect(response.status).toBe(409);
    expect((await json(response)).error).toMatchObject({ code: "HANDLE_TAKEN", details: { field: "handle" } });

    const user = await json(await post({ email: email("bea"), password: PASSWORD, handle: "bea_user" }));
    const refused = await postMerchant(owner.token, { name: "Bea's", handle: "@BEA_USER" });
    expect(refused.status).toBe(409);
    expect((await json(refused)).error).toMatchObject({ code: "HANDLE_TAKEN", details: { field: "handle" } });
    // A merchant's handle against another merchant's, too.
    const again = await postMerchant(owner.token, { name: "Corner shop 2", handle: "CORNER_SHOP" });
    expect(again.status).toBe(409);
    const client = await db();
    expect(await client.merchant.count({ where: { ownerId: owner.id } })).toBe(1);
    expect(await handleRows("corner_shop")).toEqual([expect.objectContaining({ merchantId: merchant.id, userId: null })]);
    expect(await handleRows("bea_user")).toEqual([expect.objectContaining({ userId: user.user.id, merchantId: null })]);
  });

  it("an email already taken leaves the handle free", async () => {
    const address = email("dup");
    expect((await post({ email: address, password: PASSWORD, handle: "first_dup" })).status).toBe(201);
    const response = await post({ email: address.toUpperCase(), password: PASSWORD, handle: "second_dup" });
    expect(response.status).toBe(409);
    expect((await json(response)).error.code).toBe("EMAIL_TAKEN");
    expect(await handleRows("second_dup")).toEqual([]);
  });

  it("of concurrent sign-ups claiming one handle exactly one wins; the others get a clean 409", async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => post({ email: email(`race${i}`), password: PASSWORD, handle: i % 2 ? "@Race_Handle" : "race_handle" })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const response of responses.filter((r) => r.status === 409)) {
      expect((await json(response)).error).toMatchObject({ code: "HANDLE_TAKEN", details: { field: "handle" } });
    }
    const client = await db();
    expect(await client.user.count({ where: { handle: "race_handle" } })).toBe(1);
    expect(await client.user.count({ where: { email: { startsWith: "race" } } })).toBe(1);
    expect(await handleRows("race_handle")).toHaveLength(1);
  });

  it("of concurrent claims by users and merchants exactly one wins", async () => {
    const owners = await Promise.all(Array.from({ length: 4 }, () => makeUserWithToken()));
    const responses = await Promise.all([
      ...owners.map((o, i) => postMerchant(o.token, { name: `Shop ${i}`, handle: i % 2 ? "MIXED_RACE" : "@mixed_race" })),
      ...Array.from({ length: 4 }, (_, i) => post({ email: email(`mixed${i}`), password: PASSWORD, handle: "mixed_race" })),
    ]);
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    for (const response of responses.filter((r) => r.status === 409)) {
      expect((await json(response)).error.code).toBe("HANDLE_TAKEN");
    }
    const client = await db();
    const holders = (await client.user.count({ where: { handle: "mixed_race" } })) + (await client.merchant.count({ where: { handle: "mixed_race" } }));
    expect(holders).toBe(1);
    expect(await handleRows("mixed_race")).toHaveLength(1);
  });

  it("concurrent sign-ups whose generated handles collide all succeed with different handles", async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => post({ email: `samebase@domain${i}.test`, password: PASSWORD })),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const handles = await Promise.all(responses.map(async (r) => (await json(r)).user.handle as string));
    expect(new Set(handles).size).toBe(6);
    expect(handles).toContain("samebase");
    for (const handle of handles) expect(handle).toMatch(/^samebase[0-9]*$/);
  });
});

describe("GET /api/wallet/me", () => {
  it("answers {id, email, name, handle} with a token and with the session", async () => {
    const user = await makeUserWithToken();
    const expected = { id: user.id, email: user.email, name: null, handle: user.handle };
    const withToken = await getMe(request("/api/wallet/me", { headers: bearer(user.token) }), noParams);
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get("cache-control")).toBe("no-store");
    expect(await json(withToken)).toEqual(expected);
    const withSession = await getMe(request("/api/wallet/me", { headers: await sessionCookie(user.id) }), noParams);
    expect(await json(withSession)).toEqual(expected);
  });

  it("refuses no credentials, a bad token and a merchant key (401)", async () => {
    const owner = await makeUser();
    const merchant = await makeMerchant(owner.id);
    const { key } = await makeMerchantKey({ merchantId: merchant.id, ownerId: owner.id });
    for (const headers of [{}, bearer("ocw_" + "A".repeat(43)), bearer(key)]) {
      const response = await getMe(request("/api/wallet/me", { headers }), noParams);
      expect(response.status).toBe(401);
      expect((await json(response)).error.code).toBe("UNAUTHENTICATED");
    }
  });

  it("gives an account made before handles existed one on first use, once, even when asked concurrently", async () => {
    const client = await db();
    await post({ email: "legacy@example.test", password: PASSWORD, handle: "legacy" }); // the obvious base is taken
    const old = await client.user.create({ data: { email: "legacy@old.test", passwordHash: "scrypt$x", handle: null } });
    const { token } = await (await import("@/lib/auth/access-tokens")).createAccessToken({ userId: old.id });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => getMe(request("/api/wallet/me", { headers: bearer(token) }), noParams).then(json)),
    );
    const handles = new Set(answers.map((a) => a.handle));
    expect(handles.size).toBe(1);
    const [handle] = [...handles];
    expect(handle).toBe("legacy2");
    expect(await client.handle.findMany({ where: { userId: old.id } })).toEqual([expect.objectContaining({ handle: "legacy2" })]);
    expect((await client.user.findUniqueOrThrow({ where: { id: old.id } })).handle).toBe("legacy2");
    expect(await json(await getMe(request("/api/wallet/me", { headers: bearer(token) }), noParams))).toMatchObject({ handle: "legacy2" });
  });
});

describe("findUserByHandle", () => {
  it("finds a user however the handle is typed, and nobody for a merchant's, an unknown or an impossible handle", async () => {
    const user = await json(await post({ email: email("finder"), password: PASSWORD, handle: "finder_one" }));
    for (const typed of ["finder_one", "@finder_one", " @Finder_One ", "FINDER_ONE"]) {
      expect(await findUserByHandle(typed)).toEqual({ id: user.user.id, email: user.user.email, name: null, handle: "finder_one" });
    }
    const owner = await makeUser();
    await makeMerchant(owner.id, { handle: "finder_shop" });
    expect(await findUserByHandle("@finder_shop")).toBeNull();
    expect(await findUserByHandle("nobody_here")).toBeNull();
    expect(await findUserByHandle("x")).toBeNull();
    expect(await findUserByHandle("a'; DROP TABLE User;--")).toBeNull();
    await expect(findUserByHandleOrThrow("@nobody_here")).rejects.toMatchObject({ code: "USER_NOT_FOUND", status: 404 });
  });
});
