import { db } from "@/lib/db";
import { toLocationJson, type LocationJson } from "@/lib/spots/spot-view";

/** The merchant's places, oldest first (the order they were set up in), each with how many spots it has. */
export async function listLocations(options: { merchantId: string }): Promise<{ locations: Array<LocationJson & { spotCount: number }> }> {
  const client = await db();
  const rows = await client.location.findMany({
    where: { merchantId: options.merchantId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: { _count: { select: { spots: true } } },
  });
  return { locations: rows.map((row) => ({ ...toLocationJson(row), spotCount: row._count.spots })) };
}
