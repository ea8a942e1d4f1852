/**
 * A new spot at one of the merchant's locations (POST /api/merchant/locations/{id}/spots {identifier}),
 * free, with its static QR code `${APP_URL}/s/{token}`. Another merchant's location is 404 like a missing
 * one; an identifier the location already has is 409 CONFLICT (also when two creates race: the unique
 * key (locationId, identifier) refuses the second).
 */
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { locationNotFound } from "@/lib/spots/apply-spot-transition";
import { newSpotId, newSpotToken } from "@/lib/spots/spot-ids";
import { SPOT_INCLUDE, toSpotJson, type SpotJson } from "@/lib/spots/spot-view";

export async function createSpot(options: { merchantId: string; locationId: string; identifier: string; now?: Date }): Promise<SpotJson> {
  const now = options.now ?? new Date();
  const taken = () =>
    new AppError("CONFLICT", `This location already has a spot "${options.identifier}".`, { details: { field: "identifier" } });
  try {
    return await inTransaction(undefined, async (tx) => {
      const location = await tx.location.findFirst({ where: { id: options.locationId, merchantId: options.merchantId } });
      if (!location) throw locationNotFound();
      const existing = await tx.spot.findUnique({ where: { locationId_identifier: { locationId: location.id, identifier: options.identifier } } });
      if (existing) throw taken();
      const spot = await tx.spot.create({
        data: {
          id: newSpotId(),
          merchantId: options.merchantId,
          locationId: location.id,
          identifier: options.identifier,
          token: newSpotToken(),
          status: "free",
          statusChangedAt: now,
          createdAt: now,
        },
        include: SPOT_INCLUDE,
      });
      return toSpotJson(tx, spot);
    });
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === "P2002") throw taken();
    throw error;
  }
}
