import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { attachSpotOrder } from "@/lib/spots/attach-spot-order";
import { attachOrderBody, ownerSpotParams } from "@/lib/spots/schemas";

export const POST = route(
  { authenticate: authenticateWalletRequest, params: ownerSpotParams, body: attachOrderBody },
  async ({ auth: ownerId, params, body }) => {
    const merchant = await getOwnedMerchantOrThrow({ merchantId: params.id, ownerId });
    return attachSpotOrder({ merchantId: merchant.id, spotId: params.spotId, paymentRequestId: body.paymentRequestId });
  },
);
