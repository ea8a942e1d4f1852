import { route } from "@/lib/http/route";
import { authenticateMerchantRequest } from "@/lib/merchants/authenticate-merchant-key";
import { getPaymentRequestByShortCode } from "@/lib/payment-requests/get-payment-request-by-short-code";
import { shortCodeParams } from "@/lib/payment-requests/request-schemas";

export const GET = route(
  { authenticate: (req) => authenticateMerchantRequest(req), params: shortCodeParams, headers: { "cache-control": "no-store" } },
  async ({ auth, params }) => getPaymentRequestByShortCode({ merchantId: auth.merchantId, shortCode: params.shortCode }),
);
