import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { getPaymentRequest } from "@/lib/payment-requests/get-payment-request";
import { ownerRequestParams } from "../params";

// The POS polls this about every second while a request is open.
export const GET = route(
  { authenticate: authenticateWalletRequest, params: ownerRequestParams, headers: { "cache-control": "no-store" } },
  async ({ auth: ownerId, params }) => {
    const merchant = await getOwnedMerchantOrThrow({ merchantId: params.id, ownerId });
    return getPaymentRequest({ merchantId: merchant.id, id: params.prId });
  },
);
