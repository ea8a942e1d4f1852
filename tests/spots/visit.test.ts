/**
 * Scan and Pay at a place, the whole of it through the route handlers (seed 002): a customer checks in
 * at table1, the till attaches a manual-capture order, the customer confirms (the money is reserved), the
 * till captures it and closes the visit; the next customer checks in, the till attaches their order, they
 * confirm, the till releases it (the money goes back) and closes. Money is followed on the ledger at every
 * step; a hold nobody captures ends by itself. The same visit with the owner's browser session instead
 * of a merchant key, and that session never reaches another user's merchant.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { holdOwner } from "@/lib/ledger/accounts";
import { expireDuePaymentRequests } from "@/lib/payment-requests/expire-due-payment-requests";
import { sessionCookie } from "@/tests/support/merchant-factories";
import {
  backdate,
  expectLedgerBalanced,
  makeMerchantWithKey,
  makePayer,
  merchantApi,
  merchantBalance,
  payerApi,
  userBalance,
} from "@/tests/payment-requests/support/fixtures";
import { createOrderRequest, customerSpotApi, makeSpot, ownerSpotApi, spotApi, spotCounts, tokenOf } from "@/tests/spots/support/spot-fixtures";

async function holdBalance(requestId: string): Promise<bigint> {
  const client = await db();
  const account = await client.ledgerAccount.findFirst({ where: { type: "hold", owner: holdOwner(requestId) } });
  return account?.balance ?? 0n;
}

describe("a visit at a spot, end to end", () => {
  it("check-in → attach → confirm (reserve) → capture → close → the next visit → confirm → release → close", async () => {
    const { key, merchant, spot, token } = await makeSpot();
    const ada = await makePayer({ topUp: { amount: "20.00", currency: "USD" } });
    const bob = await makePayer({ topUp: { amount: "20.00", currency: "USD" } });

    // 1. Ada scans table1 and checks in: the till sees the spot waiting at the top of its list.
    expect((await customerSpotApi.checkIn(ada.token, token)).body.status).toBe("waiting");
    const waiting = await spotApi.list(key, "?status=waiting");
    expect(waiting.body.spots).toMatchObject([{ id: spot.id, checkIns: [{ user: { handle: ada.handle } }] }]);

    // 2. The till creates the order (manual capture) and attaches it: busy; Ada's page shows it.
    const first = await createOrderRequest(key, "12.50", { lineItems: [{ name: "Lunch", qty: 1, price: "12.50" }], description: "Table 1" });
    expect((await spotApi.attach(key, spot.id, { paymentRequestId: first.id })).body).toMatchObject({
      status: "busy",
      orders: [{ id: first.id, status: "pending" }],
    });
    const shown = await customerSpotApi.get(ada.token, token);
    expect(shown.body.orders).toMatchObject([
      { id: first.id, status: "pending", request: { value: { amount: "12.50", currency: "USD" }, lineItems: [{ name: "Lunch" }], payer: ada.handle } },
    ]);

    // 3. Ada confirms: the money is reserved on the request's hold account, not yet the merchant's.
    const reserved = await payerApi.pay(ada.token, first.id);
    expect(reserved.body.status).toBe("PENDING");
    expect(await userBalance(ada.id, "USD")).toBe("7.50");
    expect(await holdBalance(first.id)).toBe(1250n);
    expect(await merchantBalance(merchant.id, "USD")).toBe("0.00");
    expect((await spotApi.get(key, spot.id)).body.orders).toMatchObject([{ id: first.id, status: "reserved" }]);

    // 4. The till captures it (the payment request lifecycle's capture): confirmed, the merchant has the money.
    const captured = await merchantApi.capture(key, first.id);
    expect(captured.body.status).toBe("DONE");
    expect(await merchantBalance(merchant.id, "USD")).toBe("12.50");
    expect(await holdBalance(first.id)).toBe(0n);
    expect((await customerSpotApi.get(ada.token, token)).body.orders).toMatchObject([{ id: first.id, status: "confirmed", request: { status: "DONE" } }]);

    // 5. The till closes the visit.
    const closed = await spotApi.close(key, spot.id);
    expect(closed.body).toMatchObject({ status: "closed", checkIns: [{ user: { handle: ada.handle } }], orders: [{ id: first.id, status: "confirmed" }] });
    expect((await customerSpotApi.get(ada.token, token)).body).toMatchObject({ status: "closed", orders: [{ status: "confirmed" }] });
    await expectLedgerBalanced();

    // 6. The next visit: Bob checks in. The spot shows only his visit; Ada sees none of it.
    const next = await customerSpotApi.checkIn(bob.token, token);
    expect(next.body).toMatchObject({ status: "waiting", checkIns: [{ user: { handle: bob.handle } }], orders: [] });
    expect((await spotApi.get(key, spot.id)).body).toMatchObject({ status: "waiting", checkIns: [{ user: { handle: bob.handle } }], orders: [] });
    expect((await customerSpotApi.get(ada.token, token)).body).toMatchObject({ status: "waiting", checkIns: [], orders: [] });
    // Ada's finished order cannot be attached to Bob's visit.
    expect((await spotApi.attach(key, spot.id, { paymentRequestId: first.id })).body.error.code).toBe("CONFLICT");

    // 7. Bob's order: attached, confirmed (reserved), then released: the money goes back to Bob.
    const second = await createOrderRequest(key, "4.00");
    await spotApi.attach(key, spot.id, { paymentRequestId: second.id });
    expect((await payerApi.pay(ada.token, second.id)).status).toBe(404); // not Ada's to pay
    expect((await payerApi.pay(bob.token, second.id)).body.status).toBe("PENDING");
    expect(await userBalance(bob.id, "USD")).toBe("16.00");
    const released = await merchantApi.release(key, second.id);
    expect(released.body.status).toBe("FAILED");
    expect(await userBalance(bob.id, "USD")).toBe("20.00");
    expect(await holdBalance(second.id)).toBe(0n);
    expect((await customerSpotApi.get(bob.token, token)).body.orders).toMatchObject([{ id: second.id, status: "closed", request: { status: "FAILED" } }]);

    // 8. A released order leaves the visit open for another order; the till closes it.
    expect((await spotApi.close(key, spot.id)).body).toMatchObject({ status: "closed", orders: [{ id: second.id, status: "closed", requestStatus: "FAILED" }] });
    expect(await merchantBalance(merchant.id, "USD")).toBe("12.50");
    expect(await userBalance(ada.id, "USD")).toBe("7.50");
    await expectLedgerBalanced();
  });

  it("a reservation nobody captures goes back by itself (holdSeconds); the spot order then reads closed and the visit can close", async () => {
    const { key, spot, token } = await makeSpot();
    const customer = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    await customerSpotApi.checkIn(customer.token, token);
    const request = await createOrderRequest(key, "3.00", { holdSeconds: 60 });
    await spotApi.attach(key, spot.id, { paymentRequestId: request.id });
    await payerApi.pay(customer.token, request.id);
    expect(await userBalance(customer.id, "USD")).toBe("7.00");

    await backdate(request.id, { holdExpiresAt: new Date(Date.now() - 1000) });
    // Reading the spot applies the due release at once; the worker's sweep would do it unasked.
    expect((await spotApi.get(key, spot.id)).body.orders).toMatchObject([{ id: request.id, status: "closed", requestStatus: "FAILED" }]);
    expect(await expireDuePaymentRequests()).toBe(0);
    expect(await userBalance(customer.id, "USD")).toBe("10.00");
    expect((await spotApi.close(key, spot.id)).body.status).toBe("closed");
    await expectLedgerBalanced();
  });

  it("a close applies a hold that ran out first (the money back), then closes: no reserved order is left behind", async () => {
    const { key, spot, token } = await makeSpot();
    const customer = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    await customerSpotApi.checkIn(customer.token, token);
    const request = await createOrderRequest(key, "3.00");
    await spotApi.attach(key, spot.id, { paymentRequestId: request.id });
    await payerApi.pay(customer.token, request.id);
    await backdate(request.id, { holdExpiresAt: new Date(Date.now() - 1000) });
    // No read in between: the close itself applies the due release, then closes.
    const closed = await spotApi.close(key, spot.id);
    expect(closed.body).toMatchObject({ status: "closed", orders: [{ status: "closed", requestStatus: "FAILED" }] });
    expect(await userBalance(customer.id, "USD")).toBe("10.00");
    await expectLedgerBalanced();
  });
});

describe("the owner's browser session", () => {
  it("runs the same visit on /api/merchants/{id}/… and never reaches another user's merchant", async () => {
    const shop = await makeMerchantWithKey();
    const session = await sessionCookie(shop.owner.id);
    const id = shop.merchant.id;
    const location = await ownerSpotApi.createLocation(session, id, { title: "Harbour Bar" });
    expect(location).toMatchObject({ status: 201, body: { id: expect.stringMatching(/^loc_/), title: "Harbour Bar" } });
    const spot = await ownerSpotApi.createSpot(session, id, location.body.id, { identifier: "stool 3" });
    expect(spot).toMatchObject({ status: 201, body: { identifier: "stool 3", status: "free", location: { title: "Harbour Bar" } } });
    expect((await ownerSpotApi.listLocations(session, id)).body.locations).toMatchObject([{ id: location.body.id, spotCount: 1 }]);

    const customer = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    await customerSpotApi.checkIn(customer.token, tokenOf(spot.body));
    expect((await ownerSpotApi.list(session, id, "?status=waiting")).body.spots).toMatchObject([{ id: spot.body.id }]);
    const request = await createOrderRequest(shop.key, "5.00");
    expect((await ownerSpotApi.attach(session, id, spot.body.id, { paymentRequestId: request.id })).body.status).toBe("busy");
    await payerApi.pay(customer.token, request.id);
    expect((await ownerSpotApi.get(session, id, spot.body.id)).body.orders).toMatchObject([{ status: "reserved" }]);
    await merchantApi.capture(shop.key, request.id);
    expect((await ownerSpotApi.close(session, id, spot.body.id)).body).toMatchObject({ status: "closed", orders: [{ status: "confirmed" }] });

    // Another user, signed in, gets 404 for every one of these; a merchant key is not a browser session.
    const stranger = await makePayer();
    const theirs = await sessionCookie(stranger.id);
    const before = await spotCounts();
    const notFound = { error: { code: "NOT_FOUND", message: "No such merchant." } };
    expect((await ownerSpotApi.createLocation(theirs, id, { title: "Mine now" })).body).toEqual(notFound);
    expect((await ownerSpotApi.createSpot(theirs, id, location.body.id, { identifier: "x" })).body).toEqual(notFound);
    expect((await ownerSpotApi.listLocations(theirs, id)).body).toEqual(notFound);
    expect((await ownerSpotApi.list(theirs, id)).body).toEqual(notFound);
    expect((await ownerSpotApi.get(theirs, id, spot.body.id)).body).toEqual(notFound);
    expect((await ownerSpotApi.attach(theirs, id, spot.body.id, { paymentRequestId: request.id })).body).toEqual(notFound);
    expect((await ownerSpotApi.close(theirs, id, spot.body.id)).body).toEqual(notFound);
    // Their own merchant does not open our spot either.
    const theirShop = await makeMerchantWithKey();
    const theirOwner = await sessionCookie(theirShop.owner.id);
    expect((await ownerSpotApi.get(theirOwner, theirShop.merchant.id, spot.body.id)).body).toEqual({ error: { code: "NOT_FOUND", message: "No such spot." } });
    expect((await ownerSpotApi.list(shop.key, id)).status).toBe(401);
    expect((await ownerSpotApi.list(null, id)).status).toBe(401);
    expect(await spotCounts()).toEqual(before);
  });
});
