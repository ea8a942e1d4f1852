import { route } from "@/lib/http/route";
import { authenticateMerchantRequest } from "@/lib/merchants/authenticate-merchant-key";
import { capturePaymentRequest } from "@/lib/payment-requests/capture-payment-request";
import { captureBody, parseOptionalBody, paymentRequestParams } from "@/lib/payment-requests/request-schemas";

export const POST = route(
  { authenticate: (req) => authenticateMerchantRequest(req, { scope: "payments" }), params: paymentRequestParams },
  async ({ auth, params, rawBody }) => {
    parseOptionalBody(captureBody, rawBody);
    return capturePaymentRequest({ merchantId: auth.merchantId, id: params.id });
  },
);
