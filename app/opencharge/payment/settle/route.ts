import { settleNetworkPayment, settleNetworkPaymentBody } from "@/lib/network/merchant-gateway/settle-network-payment";
import { openchargeRoute } from "@/lib/opencharge/route";

/** …and settles it with a settlement provider's proof (Merchant Gateway API). */
export const POST = openchargeRoute({ body: settleNetworkPaymentBody }, async ({ auth, body }) => settleNetworkPayment({ payerOcid: auth.ocid, body }));
