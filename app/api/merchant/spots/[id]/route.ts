import { route } from "@/lib/http/route";
import { authenticateMerchantRequest } from "@/lib/merchants/authenticate-merchant-key";
import { getSpot } from "@/lib/spots/get-spot";
import { spotParams } from "@/lib/spots/schemas";

export const GET = route(
  { authenticate: (req) => authenticateMerchantRequest(req), params: spotParams, headers: { "cache-control": "no-store" } },
  async ({ auth, params }) => getSpot({ merchantId: auth.merchantId, id: params.id }),
);
