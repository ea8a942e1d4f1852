import { createNetworkPayment, createNetworkPaymentBody } from "@/lib/network/merchant-gateway/create-network-payment";
import { openchargeRoute } from "@/lib/opencharge/route";

/** Another gateway begins paying one of our merchants' requests through us (Merchant Gateway API). */
export const POST = openchargeRoute({ body: createNetworkPaymentBody }, async ({ auth, body }) => createNetworkPayment({ payerOcid: auth.ocid, input: body }));
