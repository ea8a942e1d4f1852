import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { getSpot } from "@/lib/spots/get-spot";
import { ownerSpotParams } from "@/lib/spots/schemas";

export const GET = route(
  { authenticate: authenticateWalletRequest, params: ownerSpotParams, headers: { "cache-control": "no-store" } },
  async ({ auth: ownerId, params }) => {
    const merchant = await getOwnedMerchantOrThrow({ merchantId: params.id, ownerId });
    return getSpot({ merchantId: merchant.id, id: params.spotId });
  },
);
