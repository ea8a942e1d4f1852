import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { declinePaymentRequest } from "@/lib/payment-requests/decline-payment-request";
import { declineBody, parseOptionalBody, paymentRequestParams } from "@/lib/payment-requests/request-schemas";

export const POST = route({ authenticate: authenticateWalletRequest, params: paymentRequestParams }, async ({ auth: userId, params, rawBody }) => {
  const { reason } = parseOptionalBody(declineBody, rawBody);
  return declinePaymentRequest({ requestId: params.id, userId, reason });
});
