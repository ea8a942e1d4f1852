import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { releasePaymentRequest } from "@/lib/payment-requests/release-payment-request";
import { releaseBody, parseOptionalBody } from "@/lib/payment-requests/request-schemas";
import { ownerRequestParams } from "../../params";

export const POST = route({ authenticate: authenticateWalletRequest, params: ownerRequestParams }, async ({ auth: ownerId, params, rawBody }) => {
  const merchant = await getOwnedMerchantOrThrow({ merchantId: params.id, ownerId });
  const { reason } = parseOptionalBody(releaseBody, rawBody);
  return releasePaymentRequest({ merchantId: merchant.id, id: params.prId, reason });
});
