/**
 * The merchant's spots for the till (GET /api/merchant/spots?status=&locationId=): waiting first — the
 * customer who has waited longest at the top — then busy, closed and free, each by place and identifier
 * (table2 before table10). Another merchant's locationId is 404 like a missing one.
 */
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { locationNotFound } from "@/lib/spots/apply-spot-transition";
import { refreshSpotOrders } from "@/lib/spots/refresh-spot-orders";
import { SPOT_INCLUDE, toSpotJsonList, type SpotJson } from "@/lib/spots/spot-view";
import type { SpotStatus } from "@/lib/spots/status";

const RANK: Record<string, number> = { waiting: 0, busy: 1, closed: 2, free: 3 };
const natural = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

export async function listSpots(options: { merchantId: string; status?: SpotStatus; locationId?: string; now?: Date }): Promise<{ spots: SpotJson[] }> {
  const now = options.now ?? new Date();
  const client = await db();
  if (options.locationId !== undefined) {
    const location = await client.location.findFirst({ where: { id: options.locationId, merchantId: options.merchantId }, select: { id: true } });
    if (!location) throw locationNotFound();
  }
  const where: Prisma.SpotWhereInput = {
    merchantId: options.merchantId,
    ...(options.status ? { status: options.status } : {}),
    ...(options.locationId !== undefined ? { locationId: options.locationId } : {}),
  };
  const spots = await client.spot.findMany({ where, include: SPOT_INCLUDE });
  await refreshSpotOrders(spots, now);
  spots.sort(
    (a, b) =>
      (RANK[a.status] ?? 9) - (RANK[b.status] ?? 9) ||
      (a.status === "waiting" ? a.statusChangedAt.getTime() - b.statusChangedAt.getTime() : 0) ||
      natural.compare(a.location.title, b.location.title) ||
      a.location.createdAt.getTime() - b.location.createdAt.getTime() ||
      natural.compare(a.identifier, b.identifier),
  );
  return { spots: await toSpotJsonList(client, spots) };
}
