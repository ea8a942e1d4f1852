import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { merchantParams } from "@/lib/merchants/schemas";
import { listSpots } from "@/lib/spots/list-spots";
import { listSpotsQuery } from "@/lib/spots/schemas";

// The Tables view polls this every couple of seconds.
export const GET = route(
  { authenticate: authenticateWalletRequest, params: merchantParams, query: listSpotsQuery, headers: { "cache-control": "no-store" } },
  async ({ auth: ownerId, params, query }) => {
    const merchant = await getOwnedMerchantOrThrow({ merchantId: params.id, ownerId });
    return listSpots({ merchantId: merchant.id, ...query });
  },
);
