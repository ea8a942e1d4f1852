import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { cancelPaymentRequest } from "@/lib/payment-requests/cancel-payment-request";
import { cancelBody, parseOptionalBody } from "@/lib/payment-requests/request-schemas";
import { ownerRequestParams } from "../../params";

export const POST = route({ authenticate: authenticateWalletRequest, params: ownerRequestParams }, async ({ auth: ownerId, params, rawBody }) => {
  const merchant = await getOwnedMerchantOrThrow({ merchantId: params.id, ownerId });
  const { reason } = parseOptionalBody(cancelBody, rawBody);
  return cancelPaymentRequest({ merchantId: merchant.id, id: params.prId, reason });
});
