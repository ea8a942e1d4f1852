import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { GET as getBalance } from "@/app/api/wallet/balance/route";
import { GET as listTokens, POST as createToken } from "@/app/api/wallet/tokens/route";
import { DELETE as revokeToken } from "@/app/api/wallet/tokens/[tokenId]/route";
import { db } from "@/lib/db";
import { json, makeUser, makeUserWithToken, noParams, request } from "@/tests/support/factories";

async function sessionCookie(userId: string) {
  const token = await encode({ token: { sub: userId }, secret: process.env.AUTH_SECRET! });
  return { cookie: `next-auth.session-token=${token}` };
}

const create = async (userId: string, name: string) =>
  createToken(
    request("/api/wallet/tokens", { method: "POST", body: JSON.stringify({ name }), headers: { ...(await sessionCookie(userId)), "content-type": "application/json" } }),
    noParams,
  );

describe("personal access tokens from the browser session", () => {
  it("creates a token shown once, stores only its hash, lists it without the secret, and revokes it", async () => {
    const user = await makeUser();
    const created = await create(user.id, "My phone");
    expect(created.status).toBe(201);
    const { id, token } = await json(created);
    expect(token).toMatch(/^ocw_[A-Za-z0-9_-]{43}$/);

    const client = await db();
    const stored = await client.personalAccessToken.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(stored)).not.toContain(token.slice(4));

    const listed = await json(await listTokens(request("/api/wallet/tokens", { headers: await sessionCookie(user.id) }), noParams));
    expect(listed.tokens).toEqual([expect.objectContaining({ id, name: "My phone", prefix: token.slice(0, 10), revokedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(token.slice(10));

    const bearer = { headers: { authorization: `Bearer ${token}` } };
    expect((await getBalance(request("/api/wallet/balance", bearer), noParams)).status).toBe(200);
    const revoked = await revokeToken(request(`/api/wallet/tokens/${id}`, { method: "DELETE", headers: await sessionCookie(user.id) }), { params: Promise.resolve({ tokenId: id }) });
    expect(await json(revoked)).toEqual({ revoked: true });
    expect((await getBalance(request("/api/wallet/balance", bearer), noParams)).status).toBe(401);
  });

  it("a bearer token cannot mint or list tokens (403), and nobody revokes another user's token (404)", async () => {
    const alice = await makeUserWithToken();
    const bob = await makeUser();
    const minted = await createToken(
      request("/api/wallet/tokens", { method: "POST", body: JSON.stringify({ name: "x" }), headers: { authorization: `Bearer ${alice.token}`, "content-type": "application/json" } }),
      noParams,
    );
    expect(minted.status).toBe(403);
    expect((await json(minted)).error.code).toBe("FORBIDDEN");
    expect((await listTokens(request("/api/wallet/tokens", { headers: { authorization: `Bearer ${alice.token}` } }), noParams)).status).toBe(403);

    const refused = await revokeToken(request(`/api/wallet/tokens/${alice.tokenId}`, { method: "DELETE", headers: await sessionCookie(bob.id) }), {
      params: Promise.resolve({ tokenId: alice.tokenId }),
    });
    expect(refused.status).toBe(404);
    expect((await getBalance(request("/api/wallet/balance", { headers: { authorization: `Bearer ${alice.token}` } }), noParams)).status).toBe(200);
  });

  it("refuses a cross-site request with the session cookie, and a nameless token", async () => {
    const user = await makeUser();
    const crossSite = await createToken(
      request("/api/wallet/tokens", {
        method: "POST",
        body: JSON.stringify({ name: "evil" }),
        headers: { ...(await sessionCookie(user.id)), origin: "https://evil.example", "content-type": "application/json" },
      }),
      noParams,
    );
    expect(crossSite.status).toBe(403);
    // Worded so a person who opened the app under another address knows what to do.
    expect((await json(crossSite)).error).toMatchObject({
      code: "FORBIDDEN",
      message: "This page was opened at https://evil.example, but this wallet's address is http://localhost:3999. Open http://localhost:3999 and try again.",
    });
    const nameless = await create(user.id, "   ");
    expect(nameless.status).toBe(400);
    const client = await db();
    expect(await client.personalAccessToken.count({ where: { userId: user.id } })).toBe(0);
  });
});
