import { route } from "@/lib/http/route";
import { authenticateMerchantRequest } from "@/lib/merchants/authenticate-merchant-key";
import { cancelPaymentRequest } from "@/lib/payment-requests/cancel-payment-request";
import { cancelBody, parseOptionalBody, paymentRequestParams } from "@/lib/payment-requests/request-schemas";

export const POST = route(
  { authenticate: (req) => authenticateMerchantRequest(req, { scope: "payments" }), params: paymentRequestParams },
  async ({ auth, params, rawBody }) => {
    const { reason } = parseOptionalBody(cancelBody, rawBody);
    return cancelPaymentRequest({ merchantId: auth.merchantId, id: params.id, reason });
  },
);
