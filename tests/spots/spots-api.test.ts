/**
 * Spots: Scan and Pay at a place (../shared/product.md, seed 002) — the route handlers of every step and
 * every refusal: places and spots with the merchant key, the customer's check-in and view, the till's
 * list, attaching an order, paying it, closing the visit. Each refusal is checked to have moved nothing.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createMerchantApiKey } from "@/lib/merchants/create-merchant-api-key";
import { backdate, createRequest, makeMerchantWithKey, makePayer, merchantApi, payerApi, userBalance } from "@/tests/payment-requests/support/fixtures";
import { createOrderRequest, customerSpotApi, makeSpot, spotApi, spotCounts, tokenOf } from "@/tests/spots/support/spot-fixtures";

const APP = "http://localhost:3999";

describe("places and spots (merchant key)", () => {
  it("creates a location and spots with static, unguessable QR URLs; lists them", async () => {
    const shop = await makeMerchantWithKey();
    const location = await spotApi.createLocation(shop.key, { title: "  Corner Café ", description: "Terrace", address: "1 Main St" });
    expect(location).toMatchObject({
      status: 201,
      body: { id: expect.stringMatching(/^loc_[0-9a-f]{32}$/), title: "Corner Café", description: "Terrace", address: "1 Main St" },
    });
    const table1 = await spotApi.createSpot(shop.key, location.body.id, { identifier: "table1" });
    expect(table1.status).toBe(201);
    expect(table1.body).toEqual({
      id: expect.stringMatching(/^spot_[0-9a-f]{32}$/),
      identifier: "table1",
      status: "free",
      location: { id: location.body.id, title: "Corner Café", description: "Terrace", address: "1 Main St", createdAt: location.body.createdAt },
      qr: expect.stringMatching(new RegExp(`^${APP}/s/[A-Za-z0-9_-]{22}$`)),
      checkIns: [],
      orders: [],
      statusChangedAt: expect.any(String),
      createdAt: expect.any(String),
    });
    // 22 base64url characters are 132 bits of which 128 are random: the contract asks for at least 96.
    expect(Buffer.from(tokenOf(table1.body), "base64url")).toHaveLength(16);
    const table2 = await spotApi.createSpot(shop.key, location.body.id, { identifier: "table2" });
    expect(tokenOf(table2.body)).not.toBe(tokenOf(table1.body));

    const listed = await spotApi.listLocations(shop.key);
    expect(listed).toMatchObject({ status: 200, body: { locations: [{ id: location.body.id, title: "Corner Café", spotCount: 2 }] } });
    const got = await spotApi.get(shop.key, table1.body.id);
    expect(got).toEqual({ status: 200, body: table1.body });
  });

  it("refuses bad input with the envelope and stores nothing", async () => {
    const shop = await makeMerchantWithKey();
    const before = await (await db()).location.count();
    for (const body of [{}, { title: "" }, { title: "   " }, { title: "x".repeat(101) }, { title: "Café", extra: 1 }, { title: 5 }]) {
      const refused = await spotApi.createLocation(shop.key, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe("VALIDATION_ERROR");
    }
    expect((await spotApi.createLocation(shop.key, "{not json")).body.error.code).toBe("INVALID_JSON");
    expect(await (await db()).location.count()).toBe(before);

    const { location } = await makeSpot();
    const own = await spotApi.createLocation(shop.key, { title: "Bar" });
    const spotsBefore = await (await db()).spot.count();
    for (const body of [{}, { identifier: "" }, { identifier: "x".repeat(65) }, { identifier: "tab\u0007le" }]) {
      const refused = await spotApi.createSpot(shop.key, own.body.id, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe("VALIDATION_ERROR");
    }
    // Another merchant's location is 404, exactly like a missing one.
    const foreign = await spotApi.createSpot(shop.key, location.id, { identifier: "table9" });
    const missing = await spotApi.createSpot(shop.key, "loc_00000000000000000000000000000000", { identifier: "table9" });
    expect(foreign).toEqual({ status: 404, body: { error: { code: "NOT_FOUND", message: "No such location." } } });
    expect(missing).toEqual(foreign);
    expect(await (await db()).spot.count()).toBe(spotsBefore);

    // One identifier per location (another location may reuse it).
    expect((await spotApi.createSpot(shop.key, own.body.id, { identifier: "table1" })).status).toBe(201);
    const twice = await spotApi.createSpot(shop.key, own.body.id, { identifier: " table1 " });
    expect(twice).toMatchObject({ status: 409, body: { error: { code: "CONFLICT", details: { field: "identifier" } } } });
    const other = await spotApi.createLocation(shop.key, { title: "Garden" });
    expect((await spotApi.createSpot(shop.key, other.body.id, { identifier: "table1" })).status).toBe(201);
  });

  it("takes a merchant key only, and the payments scope to change anything", async () => {
    const shop = await makeMerchantWithKey();
    const wallet = await makePayer();
    expect((await spotApi.createLocation(null, { title: "Café" })).body.error.code).toBe("UNAUTHENTICATED");
    expect((await spotApi.createLocation(wallet.token, { title: "Café" })).status).toBe(401);
    expect((await spotApi.list("mk_nonsense")).status).toBe(401);
    const refundsOnly = await createMerchantApiKey({ merchantId: shop.merchant.id, ownerId: shop.owner.id, name: "Refunds", scopes: ["refunds"] });
    expect((await spotApi.createLocation(refundsOnly.key, { title: "Café" })).body.error.code).toBe("FORBIDDEN");
    expect((await spotApi.list(refundsOnly.key)).status).toBe(200);
    expect(await (await db()).location.count({ where: { merchantId: shop.merchant.id } })).toBe(0);
  });
});

describe("checking in", () => {
  it("makes the spot waiting with the customer in checkIns; the same customer again changes nothing", async () => {
    const { key, spot, token } = await makeSpot();
    const customer = await makePayer();
    const checkedIn = await customerSpotApi.checkIn(customer.token, token);
    expect(checkedIn.status).toBe(200);
    expect(checkedIn.body).toEqual({
      identifier: "table1",
      status: "waiting",
      location: { title: "Corner Café", address: "1 Main St" },
      merchant: { name: expect.any(String), handle: expect.any(String) },
      checkIns: [{ user: { handle: customer.handle, name: null }, checkedInAt: expect.any(String) }],
      orders: [],
    });
    const seen = await spotApi.get(key, spot.id);
    expect(seen.body).toMatchObject({ status: "waiting", checkIns: [{ user: { handle: customer.handle, name: null } }], orders: [] });

    const before = await spotCounts();
    const again = await customerSpotApi.checkIn(customer.token, token);
    expect(again).toEqual({ status: 200, body: checkedIn.body });
    expect(await spotCounts()).toEqual(before);
  });

  it("without an account is 401, and an unknown or malformed token is 404 that says nothing more; nothing moves", async () => {
    const { token } = await makeSpot();
    const customer = await makePayer();
    const before = await spotCounts();
    expect(await customerSpotApi.checkIn(null, token)).toMatchObject({ status: 401, body: { error: { code: "UNAUTHENTICATED" } } });
    expect(await customerSpotApi.get(null, token)).toMatchObject({ status: 401, body: { error: { code: "UNAUTHENTICATED" } } });
    const notFound = { status: 404, body: { error: { code: "NOT_FOUND", message: "No such spot." } } };
    const unknown = `${token.slice(0, 21)}${token.endsWith("A") ? "B" : "A"}`;
    for (const bad of [unknown, "x", "../../etc", `${token}x`, "A".repeat(22)]) {
      expect(await customerSpotApi.checkIn(customer.token, encodeURIComponent(bad)), bad).toEqual(notFound);
      expect(await customerSpotApi.get(customer.token, encodeURIComponent(bad)), bad).toEqual(notFound);
    }
    expect(await spotCounts()).toEqual(before);
  });

  it("refuses a second customer at a waiting or busy spot with a clear 409 and shows them nobody's name", async () => {
    const { key, spot, token } = await makeSpot();
    const first = await makePayer();
    const second = await makePayer();
    await customerSpotApi.checkIn(first.token, token);

    let before = await spotCounts();
    const refused = await customerSpotApi.checkIn(second.token, token);
    expect(refused).toEqual({
      status: 409,
      body: {
        error: {
          code: "SPOT_OCCUPIED",
          message: "Someone else is checked in at this spot. Ask the staff, or wait until they close the visit.",
          details: { status: "waiting", event: "check_in" },
        },
      },
    });
    expect(await spotCounts()).toEqual(before);
    // What the second customer may see: the place and that it is taken, not who is there.
    const view = await customerSpotApi.get(second.token, token);
    expect(view.body).toMatchObject({ status: "waiting", checkIns: [], orders: [] });

    const request = await createOrderRequest(key);
    expect((await spotApi.attach(key, spot.id, { paymentRequestId: request.id })).status).toBe(200);
    before = await spotCounts();
    expect((await customerSpotApi.checkIn(second.token, token)).body.error).toMatchObject({ code: "SPOT_OCCUPIED", details: { status: "busy" } });
    expect(await spotCounts()).toEqual(before);
    expect((await customerSpotApi.get(second.token, token)).body).toMatchObject({ status: "busy", checkIns: [], orders: [] });
  });

  it("lets exactly one of two customers checking in at the same moment win", async () => {
    const { key, spot, token } = await makeSpot();
    const customers = await Promise.all([makePayer(), makePayer(), makePayer()]);
    const answers = await Promise.all(customers.map((c) => customerSpotApi.checkIn(c.token, token)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409)) expect(refused.body.error.code).toBe("SPOT_OCCUPIED");
    const winner = customers[answers.findIndex((a) => a.status === 200)]!;
    expect((await spotApi.get(key, spot.id)).body.checkIns).toEqual([{ user: { handle: winner.handle, name: null }, checkedInAt: expect.any(String) }]);
    expect(await (await db()).spotCheckIn.count({ where: { spotId: spot.id } })).toBe(1);
  });
});

describe("the till's list of spots", () => {
  it("lists waiting spots first (longest waiting on top), then busy, closed and free; filters by status and location", async () => {
    const { key, location, spot: table1 } = await makeSpot();
    const make = async (identifier: string, locationId = location.id) => (await spotApi.createSpot(key, locationId, { identifier })).body;
    const table2 = await make("table2");
    const table10 = await make("table10");
    const table3 = await make("table3");
    const garden = (await spotApi.createLocation(key, { title: "Garden" })).body;
    const g1 = await make("g1", garden.id);

    const customers = await Promise.all([makePayer(), makePayer(), makePayer()]);
    await customerSpotApi.checkIn(customers[0]!.token, tokenOf(table10));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await customerSpotApi.checkIn(customers[1]!.token, tokenOf(table2));
    await customerSpotApi.checkIn(customers[2]!.token, tokenOf(table3));
    const order = await createOrderRequest(key);
    await spotApi.attach(key, table3.id, { paymentRequestId: order.id });

    const all = await spotApi.list(key);
    expect(all.status).toBe(200);
    expect(all.body.spots.map((s: { identifier: string; status: string }) => `${s.identifier}:${s.status}`)).toEqual([
      "table10:waiting",
      "table2:waiting",
      "table3:busy",
      "table1:free",
      "g1:free",
    ]);
    const waiting = await spotApi.list(key, "?status=waiting");
    expect(waiting.body.spots.map((s: { id: string }) => s.id)).toEqual([table10.id, table2.id]);
    const inGarden = await spotApi.list(key, `?locationId=${garden.id}`);
    expect(inGarden.body.spots.map((s: { id: string }) => s.id)).toEqual([g1.id]);
    expect((await spotApi.list(key, `?status=free&locationId=${location.id}`)).body.spots.map((s: { id: string }) => s.id)).toEqual([table1.id]);

    expect((await spotApi.list(key, "?status=asleep")).body.error.code).toBe("VALIDATION_ERROR");
    // Another merchant sees none of it, and its locationId filter is a 404 like a missing location.
    const other = await makeMerchantWithKey();
    expect((await spotApi.list(other.key)).body.spots).toEqual([]);
    expect((await spotApi.list(other.key, `?locationId=${location.id}`)).body.error.code).toBe("NOT_FOUND");
    expect((await spotApi.get(other.key, table1.id)).body).toEqual({ error: { code: "NOT_FOUND", message: "No such spot." } });
  });
});

describe("attaching an order", () => {
  async function checkedIn() {
    const setup = await makeSpot();
    const customer = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    expect((await customerSpotApi.checkIn(customer.token, setup.token)).status).toBe(200);
    return { ...setup, customer };
  }

  it("addresses the request to the checked-in customer and makes the spot busy; the customer sees it", async () => {
    const { key, spot, token, customer } = await checkedIn();
    const request = await createOrderRequest(key);
    const attached = await spotApi.attach(key, spot.id, { paymentRequestId: request.id });
    expect(attached.status).toBe(200);
    expect(attached.body).toMatchObject({
      id: spot.id,
      status: "busy",
      checkIns: [{ user: { handle: customer.handle } }],
      orders: [{ id: request.id, status: "pending", requestStatus: "CREATED", value: { amount: "6.00", currency: "USD" }, description: "Two coffees" }],
    });
    expect((await merchantApi.get(key, request.id)).body.payer).toBe(customer.handle);
    const view = await customerSpotApi.get(customer.token, token);
    expect(view.body.orders).toEqual([
      { id: request.id, status: "pending", request: expect.objectContaining({ id: request.id, status: "CREATED", payer: customer.handle, amountDue: "6.00" }) },
    ]);
    // The same request again is the same answer; a second order may join it.
    const before = await spotCounts();
    expect((await spotApi.attach(key, spot.id, { paymentRequestId: request.id })).body).toEqual(attached.body);
    expect(await spotCounts()).toEqual(before);
    const second = await createOrderRequest(key, "2.50");
    const both = await spotApi.attach(key, spot.id, { paymentRequestId: second.id });
    expect(both.body.orders.map((o: { id: string }) => o.id)).toEqual([request.id, second.id]);
    expect(both.body.statusChangedAt).toBe(attached.body.statusChangedAt);
  });

  it("is refused where nobody is checked in (409), for another merchant's spot or request (404), and for unfit requests; nothing moves", async () => {
    const { key, spot } = await makeSpot();
    const request = await createOrderRequest(key);
    let before = await spotCounts();
    const nobody = await spotApi.attach(key, spot.id, { paymentRequestId: request.id });
    expect(nobody).toMatchObject({ status: 409, body: { error: { code: "INVALID_STATE", details: { status: "free", event: "attach" } } } });
    expect(nobody.body.error.message).toMatch(/Nobody is checked in/);
    expect(await spotCounts()).toEqual(before);

    const other = await checkedIn();
    before = await spotCounts();
    // Another merchant's spot, with our own request: 404 like a missing spot.
    expect(await spotApi.attach(key, other.spot.id, { paymentRequestId: request.id })).toEqual({
      status: 404,
      body: { error: { code: "NOT_FOUND", message: "No such spot." } },
    });
    expect(await spotApi.attach(key, "spot_00000000000000000000000000000000", { paymentRequestId: request.id })).toMatchObject({ status: 404 });
    // Their own spot with our request: the request is 404 for them.
    expect((await spotApi.attach(other.key, other.spot.id, { paymentRequestId: request.id })).body.error).toMatchObject({
      code: "NOT_FOUND",
      message: "No such payment request.",
    });
    expect(await spotApi.attach(other.key, other.spot.id, {})).toMatchObject({ status: 400, body: { error: { code: "VALIDATION_ERROR" } } });
    expect(await spotCounts()).toEqual(before);

    // Unfit requests of the right merchant, at a spot with a customer.
    const auto = await createRequest(other.key, { value: { amount: "6.00", currency: "USD" } });
    const amountless = await createRequest(other.key, { capture: "manual" });
    const stranger = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    const reservedElsewhere = await createOrderRequest(other.key, "1.00");
    expect((await payerApi.pay(stranger.token, reservedElsewhere.id)).body.status).toBe("PENDING");
    const cancelled = await createOrderRequest(other.key);
    await merchantApi.cancel(other.key, cancelled.id);
    const expired = await createOrderRequest(other.key);
    await backdate(expired.id, { expiresAt: new Date(Date.now() - 1000) });
    const elsewhere = await createOrderRequest(other.key, "6.00", { payer: stranger.handle });
    before = await spotCounts();
    const attach = (id: string) => spotApi.attach(other.key, other.spot.id, { paymentRequestId: id });
    expect((await attach(auto.id)).body.error).toMatchObject({ code: "BAD_REQUEST", details: { capture: "auto" } });
    expect((await attach(amountless.id)).body.error).toMatchObject({ code: "BAD_REQUEST", details: { hasValue: false } });
    expect((await attach(reservedElsewhere.id)).body.error).toMatchObject({ code: "INVALID_STATE", details: { status: "PENDING" } });
    expect((await attach(cancelled.id)).body.error).toMatchObject({ code: "INVALID_STATE", details: { status: "CANCELLED" } });
    expect((await attach(elsewhere.id)).body.error).toMatchObject({ code: "CONFLICT" });
    expect(await spotCounts()).toEqual(before);
    // The expired one is refused too; its expiry (due anyway) is recorded on the way.
    expect((await attach(expired.id)).body.error).toMatchObject({ code: "INVALID_STATE", details: { status: "EXPIRED" } });
    expect((await merchantApi.get(other.key, expired.id)).body.status).toBe("EXPIRED");
    expect((await spotApi.get(other.key, other.spot.id)).body).toMatchObject({ status: "waiting", orders: [] });
  });

  it("refuses a request already attached to another spot", async () => {
    const first = await checkedIn();
    const table2 = (await spotApi.createSpot(first.key, first.location.id, { identifier: "table2" })).body;
    await customerSpotApi.checkIn(first.customer.token, tokenOf(table2));
    const request = await createOrderRequest(first.key);
    expect((await spotApi.attach(first.key, first.spot.id, { paymentRequestId: request.id })).status).toBe(200);
    const before = await spotCounts();
    expect((await spotApi.attach(first.key, table2.id, { paymentRequestId: request.id })).body.error).toMatchObject({ code: "CONFLICT" });
    expect(await spotCounts()).toEqual(before);
  });
});

describe("paying a spot order", () => {
  it("is 404 for anyone but the checked-in customer; the customer's confirm reserves the money", async () => {
    const { key, spot, token } = await makeSpot();
    const customer = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    const other = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    await customerSpotApi.checkIn(customer.token, token);
    const request = await createOrderRequest(key);
    await spotApi.attach(key, spot.id, { paymentRequestId: request.id });

    const before = await spotCounts();
    expect(await payerApi.pay(other.token, request.id)).toEqual({ status: 404, body: { error: { code: "NOT_FOUND", message: "No such payment request." } } });
    expect((await payerApi.get(other.token, request.id)).status).toBe(404);
    expect(await spotCounts()).toEqual(before);
    expect(await userBalance(other.id, "USD")).toBe("10.00");

    const paid = await payerApi.pay(customer.token, request.id);
    expect(paid).toMatchObject({ status: 200, body: { status: "PENDING" } });
    expect(await userBalance(customer.id, "USD")).toBe("4.00");
    expect((await spotApi.get(key, spot.id)).body.orders).toMatchObject([{ id: request.id, status: "reserved", requestStatus: "PENDING" }]);
    expect((await customerSpotApi.get(customer.token, token)).body.orders).toMatchObject([
      { id: request.id, status: "reserved", request: { status: "PENDING", yours: { reserved: "6.00" } } },
    ]);
  });
});

describe("closing a visit", () => {
  it("is refused for a free or closed spot, while money is reserved, and for another merchant's spot; nothing moves", async () => {
    const { key, spot, token } = await makeSpot();
    expect((await spotApi.close(key, spot.id)).body.error).toMatchObject({ code: "INVALID_STATE", details: { status: "free" } });
    const customer = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    await customerSpotApi.checkIn(customer.token, token);
    const request = await createOrderRequest(key);
    await spotApi.attach(key, spot.id, { paymentRequestId: request.id });
    await payerApi.pay(customer.token, request.id);

    const before = await spotCounts();
    const reserved = await spotApi.close(key, spot.id);
    expect(reserved.status).toBe(409);
    expect(reserved.body.error).toMatchObject({
      code: "INVALID_STATE",
      details: { orders: [{ id: request.id, status: "reserved", requestStatus: "PENDING" }] },
    });
    expect(reserved.body.error.message).toContain(request.id);
    const other = await makeMerchantWithKey();
    expect(await spotApi.close(other.key, spot.id)).toEqual({ status: 404, body: { error: { code: "NOT_FOUND", message: "No such spot." } } });
    expect(await spotCounts()).toEqual(before);
    expect(await userBalance(customer.id, "USD")).toBe("4.00");
  });

  it("cancels the orders nobody confirmed, so the customer cannot pay for a visit that is over", async () => {
    const { key, spot, token } = await makeSpot();
    const customer = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    await customerSpotApi.checkIn(customer.token, token);
    const request = await createOrderRequest(key);
    await spotApi.attach(key, spot.id, { paymentRequestId: request.id });
    const closed = await spotApi.close(key, spot.id);
    expect(closed.body).toMatchObject({ status: "closed", orders: [{ id: request.id, status: "closed", requestStatus: "CANCELLED" }] });
    expect((await merchantApi.get(key, request.id)).body.statusReason).toBe("Cancelled: the merchant closed the visit before it was paid.");
    expect((await payerApi.pay(customer.token, request.id)).body.error.code).toBe("REQUEST_CANCELLED");
    expect(await userBalance(customer.id, "USD")).toBe("10.00");
    expect((await spotApi.close(key, spot.id)).body.error).toMatchObject({ code: "INVALID_STATE", details: { status: "closed" } });
  });
});
