import { route } from "@/lib/http/route";
import { authenticateMerchantRequest } from "@/lib/merchants/authenticate-merchant-key";
import { createSpot } from "@/lib/spots/create-spot";
import { createSpotBody, locationParams } from "@/lib/spots/schemas";

export const POST = route(
  { authenticate: (req) => authenticateMerchantRequest(req, { scope: "payments" }), params: locationParams, body: createSpotBody, status: 201 },
  async ({ auth, params, body }) => createSpot({ merchantId: auth.merchantId, locationId: params.id, identifier: body.identifier }),
);
