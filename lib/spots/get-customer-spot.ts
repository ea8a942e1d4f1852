/**
 * A spot as the customer who scanned its QR code sees it (GET /api/wallet/spots/{token}; the page
 * /s/{token} polls it): the place, the spot's status, and — only for the customer checked in for the
 * current visit — their check-in and their orders with what each asks to pay. The page renders it for a
 * visitor who has not signed in yet too (userId null: the place and the status). An unknown or malformed
 * token is 404 and says nothing more.
 */
import { db } from "@/lib/db";
import { spotNotFound } from "@/lib/spots/apply-spot-transition";
import { refreshSpotOrders } from "@/lib/spots/refresh-spot-orders";
import { SPOT_TOKEN_PATTERN } from "@/lib/spots/spot-ids";
import { SPOT_INCLUDE, toCustomerSpotJson, type CustomerSpotJson } from "@/lib/spots/spot-view";

export async function getCustomerSpot(options: { token: string; userId: string | null; now?: Date }): Promise<CustomerSpotJson> {
  const spot = await findSpotByToken(options.token);
  await refreshSpotOrders([spot], options.now ?? new Date());
  return toCustomerSpotJson(await db(), spot, options.userId);
}

/** The spot of a printed QR code, with its place and merchant, or 404. */
export async function findSpotByToken(token: string) {
  if (!SPOT_TOKEN_PATTERN.test(token)) throw spotNotFound();
  const client = await db();
  const spot = await client.spot.findUnique({ where: { token }, include: { ...SPOT_INCLUDE, merchant: { select: { name: true, handle: true } } } });
  if (!spot) throw spotNotFound();
  return spot;
}
