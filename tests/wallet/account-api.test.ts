/**
 * The account endpoints (change password, sign out other sessions) and the session version behind them: a
 * browser session issued before either no longer authenticates, the one that asked keeps working with the
 * cookie it gets back, and an access token can never use them.
 */
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { POST as changePasswordRoute } from "@/app/api/wallet/account/password/route";
import { POST as revokeOthersRoute } from "@/app/api/wallet/account/sessions/revoke-others/route";
import { GET as getMe } from "@/app/api/wallet/me/route";
import { db } from "@/lib/db";
import { verifyCredentials } from "@/lib/users/verify-credentials";
import { json, makeUser, makeUserWithToken, noParams, request } from "@/tests/support/factories";

const NEW_PASSWORD = "a much better passphrase";

/** A session cookie as next-auth issues it at sign-in (sv = the user's session version then). */
async function sessionCookie(userId: string, sv?: number) {
  const token = await encode({ token: { sub: userId, ...(sv === undefined ? {} : { sv }) }, secret: process.env.AUTH_SECRET! });
  return `next-auth.session-token=${token}`;
}

/** The session cookie a response sets, as a Cookie header. */
function cookieFrom(response: Response): string {
  const header = response.headers.get("set-cookie") ?? "";
  const match = /next-auth\.session-token=([^;]+)/.exec(header);
  if (!match) throw new Error(`no session cookie in ${header}`);
  return `next-auth.session-token=${match[1]}`;
}

const me = async (cookie: string) => (await getMe(request("/api/wallet/me", { headers: { cookie } }), noParams)).status;

function post(handler: typeof changePasswordRoute, path: string, headers: Record<string, string>, body?: unknown) {
  return handler(
    request(path, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    }),
    noParams,
  );
}

describe("POST /api/wallet/account/sessions/revoke-others", () => {
  it("ends every other session; the caller continues with the cookie it gets back", async () => {
    const user = await makeUser();
    const mine = await sessionCookie(user.id, 0);
    const otherDevice = await sessionCookie(user.id, 0);
    const fromBeforeVersions = await sessionCookie(user.id); // a token issued before session versions existed
    expect(await me(otherDevice)).toBe(200);
    expect(await me(fromBeforeVersions)).toBe(200);

    const response = await post(revokeOthersRoute, "/api/wallet/account/sessions/revoke-others", { cookie: mine });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ otherSessionsSignedOut: true });
    const setCookie = response.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);

    expect(await me(otherDevice)).toBe(401);
    expect(await me(fromBeforeVersions)).toBe(401);
    expect(await me(mine)).toBe(401); // the old cookie itself is over too …
    expect(await me(cookieFrom(response))).toBe(200); // … and the re-issued one carries on

    const client = await db();
    expect((await client.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(1);
  });

  it("a personal access token is refused (least privilege), and so is no session or a signed-out one", async () => {
    const user = await makeUserWithToken();
    const withToken = await post(revokeOthersRoute, "/api/wallet/account/sessions/revoke-others", { authorization: `Bearer ${user.token}` });
    expect(withToken.status).toBe(403);
    expect((await json(withToken)).error.code).toBe("FORBIDDEN");
    const anonymous = await post(revokeOthersRoute, "/api/wallet/account/sessions/revoke-others", {});
    expect(anonymous.status).toBe(401);
    const client = await db();
    expect((await client.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(0);

    await client.user.update({ where: { id: user.id }, data: { sessionVersion: 3 } });
    const stale = await post(revokeOthersRoute, "/api/wallet/account/sessions/revoke-others", { cookie: await sessionCookie(user.id, 2) });
    expect(stale.status).toBe(401);
    expect((await client.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(3);
  });

  it("refuses a cross-site post with the session cookie", async () => {
    const user = await makeUser();
    const response = await post(revokeOthersRoute, "/api/wallet/account/sessions/revoke-others", {
      cookie: await sessionCookie(user.id, 0),
      origin: "https://evil.example",
    });
    expect(response.status).toBe(403);
  });
});

describe("POST /api/wallet/account/password", () => {
  it("changes the password, signs out the other sessions and keeps this one", async () => {
    const user = await makeUser();
    const mine = await sessionCookie(user.id, 0);
    const other = await sessionCookie(user.id, 0);
    const response = await post(changePasswordRoute, "/api/wallet/account/password", { cookie: mine }, { currentPassword: user.password, newPassword: NEW_PASSWORD });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ changed: true, otherSessionsSignedOut: true });
    expect(await me(other)).toBe(401);
    expect(await me(cookieFrom(response))).toBe(200);

    expect(await verifyCredentials(user.email, user.password)).toBeNull();
    expect(await verifyCredentials(user.email, NEW_PASSWORD)).toMatchObject({ id: user.id, sessionVersion: 1 });
  });

  it("a wrong current password changes nothing and says which field", async () => {
    const user = await makeUser();
    const cookie = await sessionCookie(user.id, 0);
    const client = await db();
    const before = await client.user.findUniqueOrThrow({ where: { id: user.id } });
    const response = await post(changePasswordRoute, "/api/wallet/account/password", { cookie }, { currentPassword: "not my password", newPassword: NEW_PASSWORD });
    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "currentPassword", reason: "WRONG_PASSWORD" } });
    const after = await client.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.sessionVersion).toBe(0);
    expect(await me(cookie)).toBe(200);
    expect(await verifyCredentials(user.email, user.password)).not.toBeNull();
  });

  it("refuses bad input with a 400 and never a 5xx", async () => {
    const user = await makeUser();
    const cookie = await sessionCookie(user.id, 0);
    const cases: unknown[] = [
      "{not json",
      {},
      { currentPassword: user.password },
      { currentPassword: user.password, newPassword: "short" },
      { currentPassword: user.password, newPassword: "password123" },
      { currentPassword: user.password, newPassword: 42 },
      { currentPassword: user.password, newPassword: user.password },
    ];
    for (const body of cases) {
      const response = await post(changePasswordRoute, "/api/wallet/account/password", { cookie }, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await json(response)).error.code).toMatch(/^(INVALID_JSON|VALIDATION_ERROR)$/);
    }
    expect(await verifyCredentials(user.email, user.password)).not.toBeNull();
  });

  it("refuses a personal access token", async () => {
    const user = await makeUserWithToken();
    const response = await post(changePasswordRoute, "/api/wallet/account/password", { authorization: `Bearer ${user.token}` }, { currentPassword: user.password, newPassword: NEW_PASSWORD });
    expect(response.status).toBe(403);
    expect(await verifyCredentials(user.email, user.password)).not.toBeNull();
  });

  it("wrong current passwords count toward the sign-in throttle, which then refuses even the right one", async () => {
    const user = await makeUser();
    const cookie = await sessionCookie(user.id, 0);
    for (let i = 0; i < 10; i++) {
      const response = await post(changePasswordRoute, "/api/wallet/account/password", { cookie }, { currentPassword: `guess number ${i}`, newPassword: NEW_PASSWORD });
      expect(response.status).toBe(400);
    }
    const throttled = await post(changePasswordRoute, "/api/wallet/account/password", { cookie }, { currentPassword: user.password, newPassword: NEW_PASSWORD });
    expect(throttled.status).toBe(429);
    expect((await json(throttled)).error.code).toBe("RATE_LIMITED");
    await expect(verifyCredentials(user.email, user.password)).rejects.toThrow("TOO_MANY_ATTEMPTS");
  });
});
