import { route } from "@/lib/http/route";
import { authenticateMerchantRequest } from "@/lib/merchants/authenticate-merchant-key";
import { closeSpot } from "@/lib/spots/close-spot";
import { spotParams } from "@/lib/spots/schemas";

export const POST = route(
  { authenticate: (req) => authenticateMerchantRequest(req, { scope: "payments" }), params: spotParams },
  async ({ auth, params }) => closeSpot({ merchantId: auth.merchantId, id: params.id }),
);
