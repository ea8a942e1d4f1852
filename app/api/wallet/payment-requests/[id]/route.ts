import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getPayerPaymentRequest } from "@/lib/payment-requests/get-payer-payment-request";
import { paymentRequestParams } from "@/lib/payment-requests/request-schemas";

export const GET = route(
  { authenticate: authenticateWalletRequest, params: paymentRequestParams, headers: { "cache-control": "no-store" } },
  async ({ auth: userId, params }) => getPayerPaymentRequest({ userId, id: params.id }),
);
