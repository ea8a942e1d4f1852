import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { acceptPaymentRequest } from "@/lib/payment-requests/accept-payment-request";
import { acceptBody, parseOptionalBody } from "@/lib/payment-requests/request-schemas";
import { ownerRequestParams } from "../../params";

export const POST = route({ authenticate: authenticateWalletRequest, params: ownerRequestParams }, async ({ auth: ownerId, params, rawBody }) => {
  const merchant = await getOwnedMerchantOrThrow({ merchantId: params.id, ownerId });
  const { reason } = parseOptionalBody(acceptBody, rawBody);
  return acceptPaymentRequest({ merchantId: merchant.id, id: params.prId, reason });
});
