import { authenticatePayer } from "@/lib/auth/recent-auth";
import { payCheckoutSession } from "@/lib/checkout/pay-checkout-session";
import { checkoutParams } from "@/lib/checkout/request-schemas";
import { route } from "@/lib/http/route";

/** POST /api/checkout/{id}/pay: the signed-in customer pays (cross-site posts are refused by the authenticator). */
export const POST = route({ authenticate: authenticatePayer, params: checkoutParams }, async ({ auth, params }) =>
  payCheckoutSession({ sessionId: params.id, userId: auth.userId, authorization: auth.authorization }),
);
