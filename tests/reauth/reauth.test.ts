/**
 * Re-authentication before large payments: the proof (lib/auth/recent-auth.ts), POST /api/wallet/reauth,
 * and REAUTH_REQUIRED on every payment endpoint — nothing moves without a proof, the payment goes through
 * with one, and another user's proof does not count.
 */
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as reauthRoute } from "@/app/api/wallet/reauth/route";
import { POST as transferRoute } from "@/app/api/wallet/transfers/route";
import { POST as payRequestRoute } from "@/app/api/wallet/payment-requests/[id]/pay/route";
import { isRecentAuthProofValid, RECENT_AUTH_COOKIE, RECENT_AUTH_TTL_SECONDS, signRecentAuthProof } from "@/lib/auth/recent-auth";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { createPaymentRequest } from "@/lib/payment-requests/create-payment-request";
import { sendMoney } from "@/lib/wallet/send-money";
import { topUpUser } from "@/lib/wallet/top-up-user";
import { json, makeUser, makeUserWithToken, request } from "@/tests/support/factories";
import { makeMerchant } from "@/tests/support/merchant-factories";

type User = Awaited<ReturnType<typeof makeUserWithToken>>;

async function sessionCookie(userId: string) {
  const token = await encode({ token: { sub: userId }, secret: process.env.AUTH_SECRET! });
  return `next-auth.session-token=${token}`;
}

async function browser(user: { id: string }, proofFor?: string) {
  const cookies = [await sessionCookie(user.id)];
  if (proofFor) cookies.push(`${RECENT_AUTH_COOKIE}=${signRecentAuthProof(proofFor).value}`);
  return { cookie: cookies.join("; "), origin: "http://localhost:3999" };
}

const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });

async function balance(userId: string) {
  const client = await db();
  const account = await client.ledgerAccount.findFirst({ where: { type: "user", userId, currency: "USD" } });
  return account?.balance ?? 0n;
}

beforeAll(() => {
  process.env.PAYMENT_REAUTH_ABOVE = "USD:50";
  resetEnvCache();
});

afterAll(() => {
  delete process.env.PAYMENT_REAUTH_ABOVE;
  resetEnvCache();
});

describe("the recent-auth proof", () => {
  it("is bound to its user and expires after five minutes", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const { value } = signRecentAuthProof("user-a", now);
    expect(isRecentAuthProofValid(value, "user-a", now)).toBe(true);
    expect(isRecentAuthProofValid(value, "user-b", now)).toBe(false);
    expect(isRecentAuthProofValid(value, "user-a", new Date(now.getTime() + RECENT_AUTH_TTL_SECONDS * 1000))).toBe(false);
    const [id, expires, signature] = value.split(".");
    expect(isRecentAuthProofValid(`${id}.${Number(expires) + 60}.${signature}`, "user-a", now)).toBe(false);
    expect(isRecentAuthProofValid("garbage", "user-a", now)).toBe(false);
    expect(isRecentAuthProofValid(undefined, "user-a", now)).toBe(false);
  });
});

describe("POST /api/wallet/reauth", () => {
  const reauth = (headers: Record<string, string>, body: unknown) =>
    reauthRoute(request("/api/wallet/reauth", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }), ctx({}));

  it("sets an HttpOnly proof cookie for the right password", async () => {
    const user = await makeUser();
    const response = await reauth(await browser(user), { password: user.password });
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ status: "confirmed" });
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(new RegExp(`^${RECENT_AUTH_COOKIE}=`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(isRecentAuthProofValid(cookie.split(";")[0]!.split("=")[1], user.id)).toBe(true);
  });

  it("answers 401 in the envelope for a wrong password, sets nothing, and is throttled like sign-in", async () => {
    const user = await makeUser();
    const wrong = await reauth(await browser(user), { password: "not the password" });
    expect(wrong.status).toBe(401);
    expect(await json(wrong)).toEqual({ error: { code: "INVALID_CREDENTIALS", message: expect.any(String) } });
    expect(wrong.headers.get("set-cookie")).toBeNull();
    for (let i = 0; i < 9; i += 1) await reauth(await browser(user), { password: "still wrong" });
    const throttled = await reauth(await browser(user), { password: user.password });
    expect(throttled.status).toBe(429);
    expect((await json(throttled)).error.code).toBe("RATE_LIMITED");
  });

  it("is for a browser session only: a token or no session is refused", async () => {
    const user = await makeUserWithToken();
    const withToken = await reauth({ authorization: `Bearer ${user.token}` }, { password: user.password });
    expect(withToken.status).toBe(403);
    const anonymous = await reauth({}, { password: user.password });
    expect(anonymous.status).toBe(401);
  });

  it("refuses a bad body with a 400, never a 5xx", async () => {
    const user = await makeUser();
    const response = await reauth(await browser(user), { password: "" });
    expect(response.status).toBe(400);
  });
});

describe("REAUTH_REQUIRED on payments above the threshold", () => {
  let payer: User;
  let other: User;
  let recipient: User;

  beforeEach(async () => {
    payer = await makeUserWithToken();
    other = await makeUserWithToken();
    recipient = await makeUserWithToken();
    await topUpUser({ userId: payer.id, amount: "500.00", currency: "USD" });
  });

  const transfer = async (headers: Record<string, string>, amount: string) => {
    const { handle } = await (await db()).user.findUniqueOrThrow({ where: { id: recipient.id }, select: { handle: true } });
    return transferRoute(
      request("/api/wallet/transfers", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ to: handle, amount, currency: "USD" }) }),
      ctx({}),
    );
  };

  it("transfers: refused above the limit without a proof (nothing moves), paid with one; another user's proof does not count", async () => {
    const refused = await transfer(await browser(payer), "60.00");
    expect(refused.status).toBe(403);
    expect((await json(refused)).error).toMatchObject({ code: "REAUTH_REQUIRED", details: { limit: "50", currency: "USD" } });
    expect(await balance(payer.id)).toBe(50000n);

    const foreign = await transfer(await browser(payer, other.id), "60.00");
    expect(foreign.status).toBe(403);
    expect(await balance(payer.id)).toBe(50000n);

    const small = await transfer(await browser(payer), "50.00");
    expect(small.status).toBe(201);
    const proven = await transfer(await browser(payer, payer.id), "60.00");
    expect(proven.status).toBe(201);
    expect(await balance(payer.id)).toBe(50000n - 5000n - 6000n);
  });

  it("tokens: refused above the limit (they cannot type a password), allowed below", async () => {
    const refused = await transfer({ authorization: `Bearer ${payer.token}` }, "60.00");
    expect(refused.status).toBe(403);
    expect((await json(refused)).error.details).toMatchObject({ via: "token" });
    const below = await transfer({ authorization: `Bearer ${payer.token}` }, "10.00");
    expect(below.status).toBe(201);
    expect(await balance(payer.id)).toBe(49000n);
  });

  it("a caller that names no authorization (a script, a route that forgot) is treated as unproven: refused above the limit", async () => {
    const { handle } = await (await db()).user.findUniqueOrThrow({ where: { id: recipient.id }, select: { handle: true } });
    await expect(sendMoney({ userId: payer.id, input: { to: handle!, amount: "60.00", currency: "USD", memo: undefined } })).rejects.toMatchObject({ code: "REAUTH_REQUIRED" });
    expect(await balance(payer.id)).toBe(50000n);
    await expect(sendMoney({ userId: payer.id, input: { to: handle!, amount: "5.00", currency: "USD", memo: undefined } })).resolves.toMatchObject({ status: 201 });
  });

  it("payment requests (and spot orders, which pay through the same endpoint)", async () => {
    const owner = await makeUser();
    const merchant = await makeMerchant(owner.id);
    const created = await createPaymentRequest({ merchantId: merchant.id, input: { value: { amount: "75.00", currency: "USD" } } as Parameters<typeof createPaymentRequest>[0]["input"] });
    const id = (created.body as { id: string }).id;
    const pay = async (headers: Record<string, string>) =>
      payRequestRoute(request(`/api/wallet/payment-requests/${id}/pay`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: "{}" }), ctx({ id }));

    const refused = await pay(await browser(payer));
    expect(refused.status).toBe(403);
    expect((await json(refused)).error.code).toBe("REAUTH_REQUIRED");
    expect(await balance(payer.id)).toBe(50000n);
    const client = await db();
    expect((await client.paymentRequest.findUniqueOrThrow({ where: { id } })).status).toBe("CREATED");

    expect((await pay(await browser(payer, other.id))).status).toBe(403);
    const paid = await pay(await browser(payer, payer.id));
    expect(paid.status).toBe(200);
    expect(await balance(payer.id)).toBe(50000n - 7500n);
  });
});
