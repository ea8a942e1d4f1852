import { describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/signup/route";
import { db } from "@/lib/db";
import { verifyCredentials } from "@/lib/users/verify-credentials";
import { json, noParams, request } from "@/tests/support/factories";

const post = (body: string) =>
  signup(request("/api/signup", { method: "POST", body, headers: { "content-type": "application/json" } }), noParams);

describe("sign-up and sign-in", () => {
  it("creates an account with a salted slow hash, never the password", async () => {
    const response = await post(JSON.stringify({ email: "Ada@Example.test", password: "analytical engine 1843" }));
    expect(response.status).toBe(201);
    const body = await json(response);
    expect(body.user).toMatchObject({ email: "ada@example.test" });
    const client = await db();
    const user = await client.user.findUniqueOrThrow({ where: { email: "ada@example.test" } });
    expect(user.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(user.passwordHash).not.toContain("analytical");
  });

  it("refuses text with a NUL character (PostgreSQL cannot store it) as a 400 naming the field, and creates nothing", async () => {
    const response = await post(JSON.stringify({ email: "nul@example.test", password: "a long password 1", name: "Ada\u0000" }));
    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ code: "VALIDATION_ERROR", details: { issues: [{ path: "name" }] } });
    const client = await db();
    expect(await client.user.count({ where: { email: "nul@example.test" } })).toBe(0);
  });

  it("refuses a duplicate email (any case) with a clear error and no second account", async () => {
    expect((await post(JSON.stringify({ email: "grace@example.test", password: "compiler a-0 1952" }))).status).toBe(201);
    const response = await post(JSON.stringify({ email: "GRACE@example.test", password: "another password 1" }));
    expect(response.status).toBe(409);
    expect((await json(response)).error).toMatchObject({ code: "EMAIL_TAKEN", message: "An account with this email already exists.", details: { field: "email" } });
    const client = await db();
    expect(await client.user.count({ where: { email: "grace@example.test" } })).toBe(1);
  });

  it.each([
    ["", "Password must be at least 10 characters."],
    ["short", "Password must be at least 10 characters."],
    ["password123", "This password is too common; choose another."],
    ["aaaaaaaaaaaa", "Password is too simple; use more different characters."],
  ])("refuses the weak password %j", async (password, message) => {
    const response = await post(JSON.stringify({ email: `weak-${password.length}-${Math.random()}@example.test`, password }));
    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ code: "WEAK_PASSWORD", message, details: { field: "password" } });
  });

  it.each([
    ["malformed JSON", "{not json", "INVALID_JSON"],
    ["a JSON array", "[]", "VALIDATION_ERROR"],
    ["a missing password", JSON.stringify({ email: "x@example.test" }), "VALIDATION_ERROR"],
    ["a bad email", JSON.stringify({ email: "not-an-email", password: "long enough password" }), "VALIDATION_ERROR"],
    ["a number as email", JSON.stringify({ email: 5, password: "long enough password" }), "VALIDATION_ERROR"],
  ])("answers %s with 400 and writes nothing", async (_name, body, code) => {
    const client = await db();
    const before = await client.user.count();
    const response = await post(body);
    expect(response.status).toBe(400);
    expect((await json(response)).error.code).toBe(code);
    expect(await client.user.count()).toBe(before);
  });

  it("verifies credentials and says nothing about which part was wrong", async () => {
    await post(JSON.stringify({ email: "linus@example.test", password: "penguins all the way" }));
    expect(await verifyCredentials("linus@example.test", "penguins all the way")).toMatchObject({ email: "linus@example.test" });
    expect(await verifyCredentials("LINUS@example.test ", "penguins all the way")).not.toBeNull();
    expect(await verifyCredentials("linus@example.test", "wrong password here")).toBeNull();
    expect(await verifyCredentials("nobody@example.test", "penguins all the way")).toBeNull();
    expect(await verifyCredentials("linus@example.test", "")).toBeNull();
    expect(await verifyCredentials(undefined, undefined)).toBeNull();
  });
});

describe("password guessing", () => {
  it("refuses an email after 10 failed sign-ins, even with the right password, and not other emails", async () => {
    const { SignInThrottledError } = await import("@/lib/users/verify-credentials");
    await post(JSON.stringify({ email: "target@example.test", password: "the right password" }));
    await post(JSON.stringify({ email: "bystander@example.test", password: "another right one" }));
    for (let i = 0; i < 10; i++) expect(await verifyCredentials("target@example.test", `guess ${i}`)).toBeNull();
    await expect(verifyCredentials("target@example.test", "the right password")).rejects.toBeInstanceOf(SignInThrottledError);
    await expect(verifyCredentials("TARGET@example.test", "guess")).rejects.toBeInstanceOf(SignInThrottledError);
    expect(await verifyCredentials("bystander@example.test", "another right one")).not.toBeNull();
  }, 30_000);

  it("a successful sign-in clears earlier failures", async () => {
    await post(JSON.stringify({ email: "forgetful@example.test", password: "finally remembered" }));
    for (let i = 0; i < 9; i++) await verifyCredentials("forgetful@example.test", `wrong ${i}`);
    expect(await verifyCredentials("forgetful@example.test", "finally remembered")).not.toBeNull();
    for (let i = 0; i < 9; i++) await verifyCredentials("forgetful@example.test", `wrong again ${i}`);
    expect(await verifyCredentials("forgetful@example.test", "finally remembered")).not.toBeNull();
  }, 30_000);
});
