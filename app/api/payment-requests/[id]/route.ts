import { route } from "@/lib/http/route";
import { authenticateMerchantRequest } from "@/lib/merchants/authenticate-merchant-key";
import { getPaymentRequest } from "@/lib/payment-requests/get-payment-request";
import { paymentRequestParams } from "@/lib/payment-requests/request-schemas";

export const GET = route(
  { authenticate: (req) => authenticateMerchantRequest(req), params: paymentRequestParams, headers: { "cache-control": "no-store" } },
  async ({ auth, params }) => getPaymentRequest({ merchantId: auth.merchantId, id: params.id }),
);
