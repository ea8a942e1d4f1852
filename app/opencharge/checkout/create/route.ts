import { createCheckoutSession } from "@/lib/checkout/create-checkout-session";
import { checkoutCreateBody } from "@/lib/checkout/request-schemas";
import { openchargeRoute } from "@/lib/opencharge/route";
import { rawOrderOf } from "@/lib/orders/request-schemas";

/** POST /opencharge/checkout/create (reference §7.3), signed by the merchant gateway (X-OC-ID). */
export const POST = openchargeRoute({ body: checkoutCreateBody, headers: { "cache-control": "no-store" } }, async ({ auth, body, rawBody }) =>
  createCheckoutSession({
    gatewayOcid: auth.ocid,
    merchantOcid: body.merchantOcid,
    rawOrder: rawOrderOf(rawBody),
    order: body.order,
    signature: body.signature,
    urls: body.urls,
  }),
);
