import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { GET as getBalance } from "@/app/api/wallet/balance/route";
import { GET as getTransactions } from "@/app/api/wallet/transactions/route";
import { revokeAccessToken } from "@/lib/auth/access-tokens";
import { topUpUser } from "@/lib/wallet/top-up-user";
import { json, makeUserWithToken, noParams, request } from "@/tests/support/factories";

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe("GET /api/wallet/balance", () => {
  it("returns the caller's balances per currency as decimal strings", async () => {
    const alice = await makeUserWithToken();
    await topUpUser({ userId: alice.id, amount: "15.00", currency: "USD" });
    await topUpUser({ userId: alice.id, amount: "2.5", currency: "USD" });
    await topUpUser({ userId: alice.id, amount: "10000", currency: "UGX" });
    const response = await getBalance(request("/api/wallet/balance", bearer(alice.token)), noParams);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await json(response)).toEqual({
      balances: [
        { currency: "UGX", amount: "10000" },
        { currency: "USD", amount: "17.50" },
      ],
    });
  });

  it("shows one user nothing of another's money", async () => {
    const alice = await makeUserWithToken();
    const bob = await makeUserWithToken();
    await topUpUser({ userId: alice.id, amount: "99.00", currency: "EUR" });
    const response = await getBalance(request("/api/wallet/balance", bearer(bob.token)), noParams);
    expect(await json(response)).toEqual({ balances: [] });
  });

  it.each([
    ["no Authorization header", {}],
    ["an unknown token", bearer("ocw_" + "A".repeat(43))],
    ["a malformed token", bearer("not-a-token")],
    ["a non-bearer scheme", { headers: { authorization: "Basic dXNlcjpwYXNz" } }],
    ["an empty bearer", { headers: { authorization: "Bearer " } }],
  ])("answers 401 in the envelope with %s", async (_name, init) => {
    const response = await getBalance(request("/api/wallet/balance", init), noParams);
    expect(response.status).toBe(401);
    const body = await json(response);
    expect(body.error.code).toBe("UNAUTHENTICATED");
    expect(typeof body.error.message).toBe("string");
  });

  it("refuses a revoked token", async () => {
    const alice = await makeUserWithToken();
    expect((await getBalance(request("/api/wallet/balance", bearer(alice.token)), noParams)).status).toBe(200);
    await revokeAccessToken({ userId: alice.id, tokenId: alice.tokenId });
    const response = await getBalance(request("/api/wallet/balance", bearer(alice.token)), noParams);
    expect(response.status).toBe(401);
    expect((await json(response)).error.code).toBe("UNAUTHENTICATED");
  });

  it("lets nobody revoke another user's token", async () => {
    const alice = await makeUserWithToken();
    const bob = await makeUserWithToken();
    await expect(revokeAccessToken({ userId: bob.id, tokenId: alice.tokenId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await getBalance(request("/api/wallet/balance", bearer(alice.token)), noParams)).status).toBe(200);
  });

  it("accepts the browser session cookie and ignores a forged one", async () => {
    const alice = await makeUserWithToken();
    await topUpUser({ userId: alice.id, amount: "1.00", currency: "USD" });
    const cookie = await encode({ token: { sub: alice.id, email: alice.email }, secret: process.env.AUTH_SECRET! });
    const ok = await getBalance(request("/api/wallet/balance", { headers: { cookie: `next-auth.session-token=${cookie}` } }), noParams);
    expect(ok.status).toBe(200);
    expect(await json(ok)).toEqual({ balances: [{ currency: "USD", amount: "1.00" }] });

    const forged = await encode({ token: { sub: alice.id }, secret: "another-secret-another-secret-another-secret" });
    const refused = await getBalance(request("/api/wallet/balance", { headers: { cookie: `next-auth.session-token=${forged}` } }), noParams);
    expect(refused.status).toBe(401);
  });
});

describe("GET /api/wallet/transactions", () => {
  it("lists newest first with cursor pagination", async () => {
    const alice = await makeUserWithToken();
    for (const amount of ["1.00", "2.00", "3.00", "4.00", "5.00"]) {
      await topUpUser({ userId: alice.id, amount, currency: "USD" });
    }
    const first = await json(await getTransactions(request("/api/wallet/transactions?limit=2", bearer(alice.token)), noParams));
    expect(first.transactions.map((t: { amount: string }) => t.amount)).toEqual(["5.00", "4.00"]);
    expect(first.transactions[0]).toMatchObject({ kind: "topup", currency: "USD", balanceAfter: "15.00" });
    expect(first.nextCursor).toEqual(expect.any(String));

    const second = await json(
      await getTransactions(request(`/api/wallet/transactions?limit=2&cursor=${first.nextCursor}`, bearer(alice.token)), noParams),
    );
    expect(second.transactions.map((t: { amount: string }) => t.amount)).toEqual(["3.00", "2.00"]);
    const third = await json(
      await getTransactions(request(`/api/wallet/transactions?limit=2&cursor=${second.nextCursor}`, bearer(alice.token)), noParams),
    );
    expect(third.transactions.map((t: { amount: string }) => t.amount)).toEqual(["1.00"]);
    expect(third.nextCursor).toBeNull();
  });

  it("does not let a cursor from another user's history reveal anything", async () => {
    const alice = await makeUserWithToken();
    const bob = await makeUserWithToken();
    await topUpUser({ userId: alice.id, amount: "1.00", currency: "USD" });
    await topUpUser({ userId: alice.id, amount: "2.00", currency: "USD" });
    const page = await json(await getTransactions(request("/api/wallet/transactions?limit=1", bearer(alice.token)), noParams));
    const response = await getTransactions(request(`/api/wallet/transactions?cursor=${page.nextCursor}`, bearer(bob.token)), noParams);
    expect(response.status).toBe(400);
    expect((await json(response)).error.code).toBe("VALIDATION_ERROR");
  });

  it.each(["limit=0", "limit=101", "limit=abc", "limit=1.5"])("rejects %s with a 400 envelope", async (query) => {
    const alice = await makeUserWithToken();
    const response = await getTransactions(request(`/api/wallet/transactions?${query}`, bearer(alice.token)), noParams);
    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ code: "VALIDATION_ERROR", message: expect.stringContaining("limit") });
  });
});
