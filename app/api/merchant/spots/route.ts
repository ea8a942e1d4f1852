import { route } from "@/lib/http/route";
import { authenticateMerchantRequest } from "@/lib/merchants/authenticate-merchant-key";
import { listSpots } from "@/lib/spots/list-spots";
import { listSpotsQuery } from "@/lib/spots/schemas";

// A till polls this every few seconds for spots whose customer is waiting.
export const GET = route(
  { authenticate: (req) => authenticateMerchantRequest(req), query: listSpotsQuery, headers: { "cache-control": "no-store" } },
  async ({ auth, query }) => listSpots({ merchantId: auth.merchantId, ...query }),
);
