import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { closeSpot } from "@/lib/spots/close-spot";
import { ownerSpotParams } from "@/lib/spots/schemas";

export const POST = route({ authenticate: authenticateWalletRequest, params: ownerSpotParams }, async ({ auth: ownerId, params }) => {
  const merchant = await getOwnedMerchantOrThrow({ merchantId: params.id, ownerId });
  return closeSpot({ merchantId: merchant.id, id: params.spotId });
});
