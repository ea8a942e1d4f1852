import { route } from "@/lib/http/route";
import { authenticateMerchantRequest } from "@/lib/merchants/authenticate-merchant-key";
import { attachSpotOrder } from "@/lib/spots/attach-spot-order";
import { attachOrderBody, spotParams } from "@/lib/spots/schemas";

export const POST = route(
  { authenticate: (req) => authenticateMerchantRequest(req, { scope: "payments" }), params: spotParams, body: attachOrderBody },
  async ({ auth, params, body }) => attachSpotOrder({ merchantId: auth.merchantId, spotId: params.id, paymentRequestId: body.paymentRequestId }),
);
