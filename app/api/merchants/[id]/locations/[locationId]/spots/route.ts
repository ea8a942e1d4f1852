import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { createSpot } from "@/lib/spots/create-spot";
import { createSpotBody, ownerLocationParams } from "@/lib/spots/schemas";

export const POST = route(
  { authenticate: authenticateWalletRequest, params: ownerLocationParams, body: createSpotBody, status: 201 },
  async ({ auth: ownerId, params, body }) => {
    const merchant = await getOwnedMerchantOrThrow({ merchantId: params.id, ownerId });
    return createSpot({ merchantId: merchant.id, locationId: params.locationId, identifier: body.identifier });
  },
);
