import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as viewRoute } from "@/app/api/checkout/[id]/route";
import { POST as payRoute } from "@/app/api/checkout/[id]/pay/route";
import { GET as cancelRoute } from "@/app/checkout/[id]/cancel/route";
import { GET as orderStatusRoute } from "@/app/opencharge/orders/[orderId]/status/route";
import { db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { deliverDue } from "@/lib/deliveries/deliver-due";
import { checkLedger } from "@/lib/ledger/check-ledger";
import { payOrder } from "@/lib/orders/pay-order";
import { topUpUser } from "@/lib/wallet/top-up-user";
import { json, makeUserWithToken, request } from "@/tests/support/factories";
import { GATEWAY_OCID, type SimulatedCounterparty } from "@/tests/support/protocol-fixtures";
import { counts, createCheckout, ctx, postCheckout, startCheckoutWorld, type CheckoutWorld } from "./support/checkout-fixtures";

let world: CheckoutWorld;

beforeAll(async () => {
  world = await startCheckoutWorld(800);
});

afterAll(async () => {
  await world.close();
});

type User = Awaited<ReturnType<typeof makeUserWithToken>>;

async function customer(amount?: string): Promise<User> {
  const user = await makeUserWithToken();
  if (amount) await topUpUser({ userId: user.id, amount, currency: "USD" });
  return user;
}

const bearer = (user: User) => ({ authorization: `Bearer ${user.token}` });

const pay = (id: string, headers: Record<string, string>) =>
  payRoute(request(`/api/checkout/${id}/pay`, { method: "POST", headers }), ctx({ id }));
const view = (id: string, headers: Record<string, string> = {}) => viewRoute(request(`/api/checkout/${id}`, { headers }), ctx({ id }));
const cancel = (id: string) => cancelRoute(request(`/checkout/${id}/cancel`), ctx({ id }));
const orderStatus = async (orderId: string) => json(await orderStatusRoute(request(`/opencharge/orders/${orderId}/status`), ctx({ orderId })));

async function balanceOf(owner: string) {
  const client = await db();
  return (await client.ledgerAccount.findFirst({ where: { owner, currency: "USD" } }))?.balance ?? 0n;
}

/** Moves a checkout's deadline (and its order's) into the past; returns the session row. */
async function expireCheckout(sessionId: string) {
  const client = await db();
  const past = new Date(Date.now() - 1000);
  const session = await client.checkoutSession.update({ where: { id: sessionId }, data: { expiresAt: past } });
  await client.paymentOrder.update({ where: { id: session.orderId }, data: { expiresAt: past } });
  return session;
}

/** Sends the outbox and returns what `gateway` made of the proof with this txid. */
async function deliveredProof(gateway: SimulatedCounterparty, txid: string) {
  await deliverDue();
  return gateway.findProof(txid);
}

/** The browser's next-auth session cookie for `userId`, as the checkout page sends it. */
async function sessionCookie(userId: string) {
  const token = await encode({ token: { sub: userId }, secret: process.env.AUTH_SECRET! });
  return `next-auth.session-token=${token}`;
}

describe("paying a checkout", () => {
  it("debits the customer, credits the merchant gateway, and (checkoutProofTo \"merchant\") the gateway accepts a proof naming the merchant's order", async () => {
    const { gateway, merchant } = world;
    const { body, created } = await createCheckout(gateway, merchant);
    expect(await orderStatus(body.order.id)).toEqual({ orderId: body.order.id, status: "pending" });
    const user = await customer("25.00");
    const gatewayBefore = await balanceOf(`ocid:${gateway.ocid}`);

    const response = await pay(created.session_id, bearer(user));
    expect(response.status).toBe(200);
    const paid = await json(response);
    expect(paid).toEqual({ status: "paid", txid: expect.stringMatching(/^oc_[0-9a-f]{32}$/), successUrl: body.urls.success });

    expect(await balanceOf(`user:${user.id}`)).toBe(1000n);
    expect((await balanceOf(`ocid:${gateway.ocid}`)) - gatewayBefore).toBe(1500n);
    expect(await balanceOf(`ocid:${merchant.ocid}`)).toBe(0n);
    expect((await checkLedger()).problems).toEqual([]);

    const client = await db();
    expect(await client.checkoutSession.findUniqueOrThrow({ where: { id: created.session_id } })).toMatchObject({ status: "paid", openKey: null });

    const received = await deliveredProof(gateway, paid.txid);
    expect(received).toMatchObject({ outcome: "accepted", status: 200, senderOcid: String(GATEWAY_OCID) });
    expect(received?.proof).toEqual({
      txid: paid.txid,
      issuer: GATEWAY_OCID,
      from: { ocid: GATEWAY_OCID, reference: expect.any(String) },
      to: { ocid: merchant.ocid, reference: body.order.id },
      amount: "15.00",
      currency: "USD",
      timestamp: expect.any(Number),
    });
    const delivery = await client.delivery.findFirstOrThrow({ where: { proofTxid: paid.txid }, include: { attemptLog: true } });
    expect(delivery).toMatchObject({ targetOcid: gateway.ocid, status: "delivered", outcome: "accepted" });
    expect(delivery.attemptLog[0]?.url).toBe(`${gateway.endpoint}/transfer/webhook`);

    // GET /opencharge/orders/{orderId}/status reports the checkout order: pending above, paid now.
    expect(await orderStatus(body.order.id)).toEqual({ orderId: body.order.id, status: "paid", paidAt: expect.any(Number), txid: paid.txid });
  });

  it("by default (checkoutProofTo \"gateway\") the proof names the gateway and the checkout session, and the gateway accepts it", async () => {
    const { sessionGateway, merchant } = world;
    const { created } = await createCheckout(sessionGateway, merchant);
    const user = await customer("15.00");
    const paid = await json(await pay(created.session_id, bearer(user)));
    const received = await deliveredProof(sessionGateway, paid.txid);
    expect(received).toMatchObject({ outcome: "accepted" });
    expect(received?.proof).toMatchObject({ issuer: GATEWAY_OCID, to: { ocid: sessionGateway.ocid, reference: created.session_id }, amount: "15.00", currency: "USD" });
    expect(await balanceOf(`user:${user.id}`)).toBe(0n);
  });

  it("pays through the browser session cookie, and refuses the same cookie on a cross-site POST", async () => {
    const { created } = await createCheckout(world.gateway, world.merchant);
    const user = await customer("20.00");
    const cookie = await sessionCookie(user.id);
    const before = await counts();
    const forged = await pay(created.session_id, { cookie, origin: "https://evil.example" });
    expect(forged.status).toBe(403);
    expect((await json(forged)).error.code).toBe("FORBIDDEN");
    expect(await counts()).toEqual(before);
    const own = await pay(created.session_id, { cookie, origin: "http://localhost:3999" });
    expect(own.status).toBe(200);
    expect(await balanceOf(`user:${user.id}`)).toBe(500n);
  });

  it("twenty concurrent pays of one session (double clicks, two tabs): one debit, one proof, one delivery", async () => {
    const { created } = await createCheckout(world.gateway, world.merchant);
    const user = await customer("100.00");
    const before = await counts();
    const responses = await Promise.all(Array.from({ length: 20 }, () => pay(created.session_id, bearer(user))));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const after = await counts();
    expect(after.postings - before.postings).toBe(1);
    expect(after.proofs - before.proofs).toBe(1);
    expect(after.deliveries - before.deliveries).toBe(1);
    expect(await balanceOf(`user:${user.id}`)).toBe(8500n);
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("two customers racing on one checkout: exactly one pays, the other keeps their money", async () => {
    const { created } = await createCheckout(world.gateway, world.merchant);
    const alice = await customer("50.00");
    const bob = await customer("50.00");
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => pay(created.session_id, bearer(i % 2 ? bob : alice))));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    const balances = [await balanceOf(`user:${alice.id}`), await balanceOf(`user:${bob.id}`)].sort();
    expect(balances).toEqual([3500n, 5000n]);
  });

  it("insufficient funds: 402 with the missing amount, nothing debited, payable after a top-up", async () => {
    const { created } = await createCheckout(world.gateway, world.merchant);
    const user = await customer("4.00");
    expect((await json(await view(created.session_id, bearer(user)))).viewer).toEqual({ balance: "4.00", currency: "USD", missing: "11.00", isPayer: false });
    const before = await counts();
    const refused = await pay(created.session_id, bearer(user));
    expect(refused.status).toBe(402);
    const error = (await json(refused)).error;
    expect(error).toMatchObject({ code: "INSUFFICIENT_FUNDS", details: { missing: "11.00", currency: "USD" } });
    expect(error.message).toContain("11.00 USD");
    expect(await counts()).toEqual(before);
    expect(await balanceOf(`user:${user.id}`)).toBe(400n);
    expect((await json(await view(created.session_id))).status).toBe("open");

    await topUpUser({ userId: user.id, amount: "11.00", currency: "USD" });
    expect((await pay(created.session_id, bearer(user))).status).toBe(200);
    expect(await balanceOf(`user:${user.id}`)).toBe(0n);
  });

  it("an expired checkout is refused with a clear message and nothing moves", async () => {
    const { created } = await createCheckout(world.gateway, world.merchant);
    const user = await customer("50.00");
    await expireCheckout(created.session_id);
    const before = await counts();
    const refused = await pay(created.session_id, bearer(user));
    expect(refused.status).toBe(409);
    const error = (await json(refused)).error;
    expect(error).toMatchObject({ code: "INVALID_STATE", details: { status: "expired" } });
    expect(error.message).toMatch(/expired.*Nothing was charged/);
    expect(await counts()).toEqual(before);
    expect(await balanceOf(`user:${user.id}`)).toBe(5000n);
    expect((await json(await view(created.session_id))).status).toBe("expired");
  });

  it("the order carries the session's deadline, so even payOrder on its own refuses a late payment", async () => {
    const { created } = await createCheckout(world.gateway, world.merchant, { expiresAt: undefined });
    const user = await customer("50.00");
    const client = await db();
    const session = await client.checkoutSession.findUniqueOrThrow({ where: { id: created.session_id }, include: { order: true } });
    expect(session.order.expiresAt?.getTime()).toBe(created.expires_at * 1000);
    const late = new Date(created.expires_at * 1000 + 1000);
    await expect(inTransaction(undefined, (tx) => payOrder(tx, { orderId: session.orderId, userId: user.id, description: "late", now: late }))).rejects.toMatchObject({
      code: "INVALID_STATE",
      details: { status: "expired" },
    });
    expect(await balanceOf(`user:${user.id}`)).toBe(5000n);
  });

  it("a cancelled checkout is refused and nothing moves; its order reads as cancelled", async () => {
    const { body, created } = await createCheckout(world.gateway, world.merchant);
    const user = await customer("50.00");
    const response = await cancel(created.session_id);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(body.urls.cancel);
    const before = await counts();
    const refused = await pay(created.session_id, bearer(user));
    expect(refused.status).toBe(409);
    expect((await json(refused)).error).toMatchObject({ code: "INVALID_STATE", details: { status: "cancelled" } });
    expect(await counts()).toEqual(before);
    expect(await balanceOf(`user:${user.id}`)).toBe(5000n);
    expect(await orderStatus(body.order.id)).toEqual({ orderId: body.order.id, status: "cancelled" });
    // Cancelling again only sends the browser on.
    const again = await cancel(created.session_id);
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(body.urls.cancel);
  });

  it("pay and cancel racing: the outcome is one or the other, never both", async () => {
    const user = await customer("100.00");
    for (let round = 0; round < 4; round++) {
      const { created } = await createCheckout(world.gateway, world.merchant);
      const before = await balanceOf(`user:${user.id}`);
      const [paid] = await Promise.all([pay(created.session_id, bearer(user)), cancel(created.session_id)]);
      const client = await db();
      const session = await client.checkoutSession.findUniqueOrThrow({ where: { id: created.session_id }, include: { order: true } });
      const after = await balanceOf(`user:${user.id}`);
      expect([200, 409]).toContain(paid.status); // a lost race is a refusal, never a failure
      if (paid.status === 200) {
        expect(session.status).toBe("paid");
        expect(session.order.status).toBe("paid");
        expect(before - after).toBe(1500n);
      } else {
        expect(session.status).toBe("cancelled");
        expect(session.order.status).toBe("cancelled");
        expect(after).toBe(before);
      }
    }
  });

  it("cancelling an expired checkout leads to the cancel URL and writes nothing", async () => {
    const { created } = await createCheckout(world.gateway, world.merchant);
    const client = await db();
    const session = await expireCheckout(created.session_id);
    const before = await counts();
    const response = await cancel(created.session_id);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(session.cancelUrl);
    expect(await counts()).toEqual(before);
    const after = await client.checkoutSession.findUniqueOrThrow({ where: { id: session.id }, include: { order: true } });
    expect({ session: after.status, order: after.order.status }).toEqual({ session: "open", order: "pending" });
  });

  it("cancelling a paid checkout changes nothing and leads back to its receipt", async () => {
    const { created } = await createCheckout(world.gateway, world.merchant);
    const user = await customer("15.00");
    expect((await pay(created.session_id, bearer(user))).status).toBe(200);
    const response = await cancel(created.session_id);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(created.checkout_url);
    const client = await db();
    expect((await client.checkoutSession.findUniqueOrThrow({ where: { id: created.session_id } })).status).toBe("paid");
  });

  it("unknown, random and malformed ids: 404 everywhere, and paying needs a signed-in customer", async () => {
    const user = await customer("15.00");
    for (const id of [`cs_${"0".repeat(40)}`, "cs_nope", "../../wallet", "x".repeat(200)]) {
      const paid = await pay(id, bearer(user));
      expect(paid.status).toBe(404);
      expect((await json(paid)).error.code).toBe("SESSION_NOT_FOUND");
      expect((await view(id)).status).toBe(404);
      expect((await cancel(id)).status).toBe(404);
    }
    const { created } = await createCheckout(world.gateway, world.merchant);
    const anonymous = await pay(created.session_id, {});
    expect(anonymous.status).toBe(401);
    expect((await json(anonymous)).error.code).toBe("UNAUTHENTICATED");
  });
});

describe("GET /api/checkout/{id}: what the page shows, and to whom", () => {
  it("signed out: the order and deadline, no balance, no receipt, no success URL before payment", async () => {
    const { body, created } = await createCheckout(world.gateway, world.merchant);
    const response = await view(created.session_id);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await json(response)).toEqual({
      id: created.session_id,
      status: "open",
      expiresAt: created.expires_at,
      merchant: { ocid: world.merchant.ocid, name: `Simulated Merchant ${world.merchant.ocid}` },
      order: {
        id: body.order.id,
        amount: "15.00",
        currency: "USD",
        items: body.order.items,
        memo: "Thank you for your order",
        expiresAt: created.expires_at, // the order is payable exactly as long as the session
      },
      cancelUrl: body.urls.cancel,
    });
  });

  it("paid: the payer sees the receipt; another signed-in customer only their own balance", async () => {
    const { body, created } = await createCheckout(world.gateway, world.merchant);
    const payer = await customer("20.00");
    const other = await customer("3.00");
    const { txid } = await json(await pay(created.session_id, bearer(payer)));

    const mine = await json(await view(created.session_id, bearer(payer)));
    expect(mine).toMatchObject({
      status: "paid",
      successUrl: body.urls.success,
      viewer: { balance: "5.00", currency: "USD", isPayer: true },
      receipt: { txid, paidAt: expect.any(Number) },
    });
    const theirs = await json(await view(created.session_id, bearer(other)));
    expect(theirs).toMatchObject({ status: "paid", viewer: { balance: "3.00", currency: "USD", isPayer: false } });
    expect(theirs.receipt).toBeUndefined();
    expect(JSON.stringify(theirs)).not.toContain(txid);
    const anonymous = await json(await view(created.session_id));
    expect(anonymous.viewer).toBeUndefined();
    expect(anonymous.receipt).toBeUndefined();
  });
});

describe("an order paid through another gateway's checkout", () => {
  it("is refused with 409, debits nothing, and closes this checkout", async () => {
    const { body, created: first } = await createCheckout(world.gateway, world.merchant);
    const secondResponse = await postCheckout(world.sessionGateway, body);
    expect(secondResponse.status).toBe(200);
    const second = await json(secondResponse);
    expect(second.session_id).not.toBe(first.session_id);

    const alice = await customer("20.00");
    const bob = await customer("20.00");
    expect((await pay(first.session_id, bearer(alice))).status).toBe(200);
    const before = await counts();
    const refused = await pay(second.session_id, bearer(bob));
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.code).toBe("ORDER_ALREADY_PAID");
    expect(await counts()).toEqual(before);
    expect(await balanceOf(`user:${bob.id}`)).toBe(2000n);
    expect((await json(await view(second.session_id))).status).toBe("cancelled");
  });
});
