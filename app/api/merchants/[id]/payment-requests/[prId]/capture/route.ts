import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { capturePaymentRequest } from "@/lib/payment-requests/capture-payment-request";
import { captureBody, parseOptionalBody } from "@/lib/payment-requests/request-schemas";
import { ownerRequestParams } from "../../params";

export const POST = route({ authenticate: authenticateWalletRequest, params: ownerRequestParams }, async ({ auth: ownerId, params, rawBody }) => {
  const merchant = await getOwnedMerchantOrThrow({ merchantId: params.id, ownerId });
  parseOptionalBody(captureBody, rawBody);
  return capturePaymentRequest({ merchantId: merchant.id, id: params.prId });
});
