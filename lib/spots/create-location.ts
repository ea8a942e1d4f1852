import { db } from "@/lib/db";
import { newLocationId } from "@/lib/spots/spot-ids";
import type { CreateLocationInput } from "@/lib/spots/schemas";
import { toLocationJson, type LocationJson } from "@/lib/spots/spot-view";

/** A merchant's new place (POST /api/merchant/locations {title, description?, address?}). */
export async function createLocation(options: { merchantId: string; input: CreateLocationInput; now?: Date }): Promise<LocationJson> {
  const client = await db();
  const location = await client.location.create({
    data: {
      id: newLocationId(),
      merchantId: options.merchantId,
      title: options.input.title,
      description: options.input.description ?? null,
      address: options.input.address ?? null,
      createdAt: options.now ?? new Date(),
    },
  });
  return toLocationJson(location);
}
