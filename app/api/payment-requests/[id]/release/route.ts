import { route } from "@/lib/http/route";
import { authenticateMerchantRequest } from "@/lib/merchants/authenticate-merchant-key";
import { releasePaymentRequest } from "@/lib/payment-requests/release-payment-request";
import { releaseBody, parseOptionalBody, paymentRequestParams } from "@/lib/payment-requests/request-schemas";

export const POST = route(
  { authenticate: (req) => authenticateMerchantRequest(req, { scope: "payments" }), params: paymentRequestParams },
  async ({ auth, params, rawBody }) => {
    const { reason } = parseOptionalBody(releaseBody, rawBody);
    return releasePaymentRequest({ merchantId: auth.merchantId, id: params.id, reason });
  },
);
