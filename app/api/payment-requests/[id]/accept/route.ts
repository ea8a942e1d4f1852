import { route } from "@/lib/http/route";
import { authenticateMerchantRequest } from "@/lib/merchants/authenticate-merchant-key";
import { acceptPaymentRequest } from "@/lib/payment-requests/accept-payment-request";
import { acceptBody, parseOptionalBody, paymentRequestParams } from "@/lib/payment-requests/request-schemas";

export const POST = route(
  { authenticate: (req) => authenticateMerchantRequest(req, { scope: "payments" }), params: paymentRequestParams },
  async ({ auth, params, rawBody }) => {
    const { reason } = parseOptionalBody(acceptBody, rawBody);
    return acceptPaymentRequest({ merchantId: auth.merchantId, id: params.id, reason });
  },
);
