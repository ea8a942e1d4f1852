/**
 * REAUTH_REQUIRED on the two order payments (lib/settlement/pay-merchant-order.ts): the hosted checkout's
 * Pay and the QR session's confirm. Without a fresh password proof nothing moves; with it the order is
 * paid; another user's proof does not count.
 */
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as payCheckoutRoute } from "@/app/api/checkout/[id]/pay/route";
import { POST as confirmRoute } from "@/app/api/wallet/sessions/[sessionId]/confirm/route";
import { POST as orderCreateRoute } from "@/app/opencharge/orders/create/[sessionId]/route";
import { RECENT_AUTH_COOKIE, signRecentAuthProof } from "@/lib/auth/recent-auth";
import { resetEnvCache } from "@/lib/env";
import { createPaySession } from "@/lib/pay-sessions/create-pay-session";
import { topUpUser } from "@/lib/wallet/top-up-user";
import { json, makeUserWithToken, paymentCounts, request } from "@/tests/support/factories";
import { signedRequest } from "@/tests/support/protocol-fixtures";
import { createCheckout, ctx, startCheckoutWorld, type CheckoutWorld } from "@/tests/checkout/support/checkout-fixtures";

let world: CheckoutWorld;

beforeAll(async () => {
  world = await startCheckoutWorld(880);
  process.env.PAYMENT_REAUTH_ABOVE = "10";
  resetEnvCache();
});

afterAll(async () => {
  delete process.env.PAYMENT_REAUTH_ABOVE;
  resetEnvCache();
  await world.close();
});

async function browser(userId: string, proofFor?: string) {
  const session = await encode({ token: { sub: userId }, secret: process.env.AUTH_SECRET! });
  const cookies = [`next-auth.session-token=${session}`];
  if (proofFor) cookies.push(`${RECENT_AUTH_COOKIE}=${signRecentAuthProof(proofFor).value}`);
  return { cookie: cookies.join("; "), origin: "http://localhost:3999" };
}

async function payer() {
  const user = await makeUserWithToken();
  await topUpUser({ userId: user.id, amount: "100.00", currency: "USD" });
  return user;
}

describe("hosted checkout above the limit", () => {
  it("refuses without a proof (nothing moves), with another user's proof, and with a token; pays with the payer's proof", async () => {
    const { created } = await createCheckout(world.gateway, world.merchant, { amount: "15.00", items: undefined });
    const user = await payer();
    const other = await payer();
    const pay = async (headers: Record<string, string>) =>
      payCheckoutRoute(request(`/api/checkout/${created.session_id}/pay`, { method: "POST", headers }), ctx({ id: created.session_id }));

    const before = await paymentCounts();
    const refused = await pay(await browser(user.id));
    expect(refused.status).toBe(403);
    expect((await json(refused)).error).toMatchObject({ code: "REAUTH_REQUIRED", details: { limit: "10", currency: "USD", via: "session" } });
    expect((await pay(await browser(user.id, other.id))).status).toBe(403);
    expect((await pay({ authorization: `Bearer ${user.token}` })).status).toBe(403);
    expect(await paymentCounts()).toEqual(before);

    const paid = await pay(await browser(user.id, user.id));
    expect(paid.status).toBe(200);
    expect(await json(paid)).toMatchObject({ status: "paid" });
  });
});

describe("QR session confirm above the limit", () => {
  it("refuses without a proof (the session stays payable), pays with one", async () => {
    const user = await payer();
    const session = await createPaySession({ userId: user.id });
    const order = world.merchant.buildOrder({ amount: "12.00" });
    const posted = await orderCreateRoute(
      signedRequest(world.merchant, "POST", `/opencharge/orders/create/${session.sessionId}`, {
        order,
        signature: world.merchant.signOrder(order),
        urls: { completed: `${world.merchant.url}/done`, cancelled: `${world.merchant.url}/cancelled` },
      }),
      ctx({ sessionId: session.sessionId }),
    );
    expect(posted.status).toBe(200);
    const confirm = async (headers: Record<string, string>) =>
      confirmRoute(request(`/api/wallet/sessions/${session.sessionId}/confirm`, { method: "POST", headers }), ctx({ sessionId: session.sessionId }));

    const before = await paymentCounts();
    const refused = await confirm(await browser(user.id));
    expect(refused.status).toBe(403);
    expect((await json(refused)).error.code).toBe("REAUTH_REQUIRED");
    expect(await paymentCounts()).toEqual(before);

    const paid = await confirm(await browser(user.id, user.id));
    expect(paid.status).toBe(200);
    expect(await json(paid)).toMatchObject({ status: "completed" });
  });
});
