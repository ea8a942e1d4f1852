/**
 * Fixtures of the spot tests: calls into the route handlers of the merchant-key endpoints
 * (/api/merchant/…), the owner-session endpoints (/api/merchants/{id}/…) and the customer's
 * (/api/wallet/spots/{token}…), in process, like tests/payment-requests; and a merchant with a place and
 * a spot ready for a visit.
 */
import { NextRequest } from "next/server";
import { expect } from "vitest";
import * as locations from "@/app/api/merchant/locations/route";
import * as locationSpots from "@/app/api/merchant/locations/[id]/spots/route";
import * as spots from "@/app/api/merchant/spots/route";
import * as spotOne from "@/app/api/merchant/spots/[id]/route";
import * as spotOrder from "@/app/api/merchant/spots/[id]/order/route";
import * as spotClose from "@/app/api/merchant/spots/[id]/close/route";
import * as ownerLocations from "@/app/api/merchants/[id]/locations/route";
import * as ownerLocationSpots from "@/app/api/merchants/[id]/locations/[locationId]/spots/route";
import * as ownerSpots from "@/app/api/merchants/[id]/spots/route";
import * as ownerSpotOne from "@/app/api/merchants/[id]/spots/[spotId]/route";
import * as ownerSpotOrder from "@/app/api/merchants/[id]/spots/[spotId]/order/route";
import * as ownerSpotClose from "@/app/api/merchants/[id]/spots/[spotId]/close/route";
import * as walletSpot from "@/app/api/wallet/spots/[token]/route";
import * as walletCheckIn from "@/app/api/wallet/spots/[token]/check-in/route";
import { db } from "@/lib/db";
import { APP, createRequest, makeMerchantWithKey, type Answer } from "@/tests/payment-requests/support/fixtures";

type Headers = Record<string, string>;

/** `auth`: a bearer token (mk_… or ocw_…), a header set (e.g. a session cookie), or nobody. */
type Auth = string | Headers | null;

function build(method: "GET" | "POST", path: string, auth: Auth, body?: unknown): NextRequest {
  const headers: Headers = typeof auth === "string" ? { authorization: `Bearer ${auth}` } : { ...auth };
  if (body !== undefined) headers["content-type"] = "application/json";
  return new NextRequest(new URL(path, APP), {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const ctx = (values: Record<string, string> = {}) => ({ params: Promise.resolve(values) });

/** The merchant-key endpoints, as a till calls them. */
export const spotApi = {
  createLocation: async (key: Auth, body: unknown) => answer(await locations.POST(build("POST", "/api/merchant/locations", key, body), ctx())),
  listLocations: async (key: Auth) => answer(await locations.GET(build("GET", "/api/merchant/locations", key), ctx())),
  createSpot: async (key: Auth, locationId: string, body: unknown) =>
    answer(await locationSpots.POST(build("POST", `/api/merchant/locations/${locationId}/spots`, key, body), ctx({ id: locationId }))),
  list: async (key: Auth, query = "") => answer(await spots.GET(build("GET", `/api/merchant/spots${query}`, key), ctx())),
  get: async (key: Auth, id: string) => answer(await spotOne.GET(build("GET", `/api/merchant/spots/${id}`, key), ctx({ id }))),
  attach: async (key: Auth, id: string, body: unknown) =>
    answer(await spotOrder.POST(build("POST", `/api/merchant/spots/${id}/order`, key, body), ctx({ id }))),
  close: async (key: Auth, id: string) => answer(await spotClose.POST(build("POST", `/api/merchant/spots/${id}/close`, key), ctx({ id }))),
};

/** The owner-session endpoints the merchant pages use. */
export const ownerSpotApi = {
  createLocation: async (auth: Auth, merchantId: string, body: unknown) =>
    answer(await ownerLocations.POST(build("POST", `/api/merchants/${merchantId}/locations`, auth, body), ctx({ id: merchantId }))),
  listLocations: async (auth: Auth, merchantId: string) =>
    answer(await ownerLocations.GET(build("GET", `/api/merchants/${merchantId}/locations`, auth), ctx({ id: merchantId }))),
  createSpot: async (auth: Auth, merchantId: string, locationId: string, body: unknown) =>
    answer(
      await ownerLocationSpots.POST(
        build("POST", `/api/merchants/${merchantId}/locations/${locationId}/spots`, auth, body),
        ctx({ id: merchantId, locationId }),
      ),
    ),
  list: async (auth: Auth, merchantId: string, query = "") =>
    answer(await ownerSpots.GET(build("GET", `/api/merchants/${merchantId}/spots${query}`, auth), ctx({ id: merchantId }))),
  get: async (auth: Auth, merchantId: string, spotId: string) =>
    answer(await ownerSpotOne.GET(build("GET", `/api/merchants/${merchantId}/spots/${spotId}`, auth), ctx({ id: merchantId, spotId }))),
  attach: async (auth: Auth, merchantId: string, spotId: string, body: unknown) =>
    answer(
      await ownerSpotOrder.POST(build("POST", `/api/merchants/${merchantId}/spots/${spotId}/order`, auth, body), ctx({ id: merchantId, spotId })),
    ),
  close: async (auth: Auth, merchantId: string, spotId: string) =>
    answer(await ownerSpotClose.POST(build("POST", `/api/merchants/${merchantId}/spots/${spotId}/close`, auth), ctx({ id: merchantId, spotId }))),
};

/** The customer's endpoints (wallet API: personal access token or browser session). */
export const customerSpotApi = {
  get: async (auth: Auth, token: string) => answer(await walletSpot.GET(build("GET", `/api/wallet/spots/${token}`, auth), ctx({ token }))),
  checkIn: async (auth: Auth, token: string) =>
    answer(await walletCheckIn.POST(build("POST", `/api/wallet/spots/${token}/check-in`, auth), ctx({ token }))),
};

/** The token of a spot's QR URL (`${APP_URL}/s/{token}`). */
export function tokenOf(spot: { qr: string }): string {
  const prefix = `${APP}/s/`;
  expect(spot.qr.startsWith(prefix), spot.qr).toBe(true);
  return spot.qr.slice(prefix.length);
}

/** A merchant with a key, a place "Corner Café" and a free spot "table1" there. */
export async function makeSpot(options: { identifier?: string } = {}) {
  const shop = await makeMerchantWithKey();
  const location = await spotApi.createLocation(shop.key, { title: "Corner Café", address: "1 Main St" });
  expect(location.status, JSON.stringify(location.body)).toBe(201);
  const spot = await spotApi.createSpot(shop.key, location.body.id, { identifier: options.identifier ?? "table1" });
  expect(spot.status, JSON.stringify(spot.body)).toBe(201);
  return { ...shop, location: location.body, spot: spot.body, token: tokenOf(spot.body) };
}

/** A manual-capture request of the merchant, ready to attach to a spot. */
export async function createOrderRequest(key: string, amount = "6.00", extra: Record<string, unknown> = {}) {
  return createRequest(key, { value: { amount, currency: "USD" }, capture: "manual", description: "Two coffees", ...extra });
}

/** Row counts of everything a spot step writes: compared before and after a refusal to prove nothing moved. */
export async function spotCounts() {
  const client = await db();
  const [spotRows, checkIns, orders, requests, events, postings, movements] = await Promise.all([
    client.spot.findMany({ select: { id: true, status: true, visit: true, statusChangedAt: true }, orderBy: { id: "asc" } }),
    client.spotCheckIn.count(),
    client.spotOrder.count(),
    client.paymentRequest.findMany({ select: { id: true, status: true, payerUserId: true, updatedAt: true }, orderBy: { id: "asc" } }),
    client.paymentRequestEvent.count(),
    client.ledgerTransaction.count(),
    client.paymentRequestMovement.count(),
  ]);
  return { spots: spotRows, checkIns, orders, requests, events, postings, movements };
}
