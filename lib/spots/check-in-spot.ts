/**
 * A customer checks in at a spot whose QR code they scanned (POST /api/wallet/spots/{token}/check-in):
 * a free or closed spot becomes `waiting` for a new visit with them as its customer, and the till sees it
 * at the top of its list. A spot has one customer per visit: while it is waiting or busy, anyone else is
 * refused with 409 SPOT_OCCUPIED (nothing written) until the merchant closes the visit; the customer
 * already checked in gets the same answer again. An unknown or malformed token is 404.
 */
import { inTransaction } from "@/lib/db/transaction";
import { ensureUserHandle } from "@/lib/users/ensure-user-handle";
import { applySpotTransition, spotNotFound } from "@/lib/spots/apply-spot-transition";
import { findSpotByToken, getCustomerSpot } from "@/lib/spots/get-customer-spot";
import type { CustomerSpotJson } from "@/lib/spots/spot-view";

export async function checkInAtSpot(options: { token: string; userId: string; now?: Date }): Promise<CustomerSpotJson> {
  const now = options.now ?? new Date();
  const { id } = await findSpotByToken(options.token);
  // The till names the customer by handle: an account made before handles gets one now.
  await ensureUserHandle(options.userId);
  await inTransaction(undefined, async (tx) => {
    const spot = await tx.spot.findUnique({ where: { id } });
    if (!spot) throw spotNotFound();
    if (spot.status === "waiting" || spot.status === "busy") {
      const current = await tx.spotCheckIn.findUnique({ where: { spotId_visit: { spotId: spot.id, visit: spot.visit } } });
      if (current?.userId === options.userId) return; // already this visit's customer
    }
    const { visit } = await applySpotTransition(tx, { spot, event: "check_in", now });
    await tx.spotCheckIn.create({ data: { spotId: spot.id, visit, userId: options.userId, checkedInAt: now } });
  });
  return getCustomerSpot({ token: options.token, userId: options.userId, now });
}
