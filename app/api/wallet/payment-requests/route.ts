import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getPayerPaymentRequest } from "@/lib/payment-requests/get-payer-payment-request";
import { listPayerPaymentRequests } from "@/lib/payment-requests/list-payer-payment-requests";
import { payerRequestsQuery } from "@/lib/payment-requests/request-schemas";

/** With ?code=: the one request of that short code (payer's view) or 404; without: requests addressed to me. */
export const GET = route(
  { authenticate: authenticateWalletRequest, query: payerRequestsQuery, headers: { "cache-control": "no-store" } },
  async ({ auth: userId, query }) =>
    query.code !== undefined
      ? getPayerPaymentRequest({ userId, shortCode: query.code })
      : listPayerPaymentRequests({ userId, limit: query.limit }),
);
