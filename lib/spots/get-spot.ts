import { db } from "@/lib/db";
import { spotNotFound } from "@/lib/spots/apply-spot-transition";
import { refreshSpotOrders } from "@/lib/spots/refresh-spot-orders";
import { SPOT_INCLUDE, toSpotJson, type SpotJson } from "@/lib/spots/spot-view";

/** One of the merchant's spots (GET /api/merchant/spots/{id}); another merchant's is 404 like a missing one. */
export async function getSpot(options: { merchantId: string; id: string; now?: Date }): Promise<SpotJson> {
  const client = await db();
  const find = () => client.spot.findFirst({ where: { id: options.id, merchantId: options.merchantId }, include: SPOT_INCLUDE });
  const spot = await find();
  if (!spot) throw spotNotFound();
  await refreshSpotOrders([spot], options.now ?? new Date());
  return toSpotJson(client, spot);
}
