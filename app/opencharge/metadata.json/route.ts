import { buildOwnMetadata } from "@/lib/opencharge/metadata";
import { openchargeRoute } from "@/lib/opencharge/route";

// Built from the environment at request time (never prerendered at build time, where the key is absent).
export const dynamic = "force-dynamic";

export const GET = openchargeRoute(
  { isPublic: true, headers: { "cache-control": "public, max-age=300" } },
  async () => buildOwnMetadata(),
);
