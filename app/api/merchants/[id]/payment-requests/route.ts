/**
 * The owner's point of sale (/merchant/{id}/pos) and dashboard act for their merchant with the browser
 * session: the same domain functions as the mk_-key endpoints under /api/payment-requests, scoped by the
 * merchant after the ownership check (another user's merchant is 404). No merchant key reaches a browser.
 */
import { NextResponse } from "next/server";
import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { merchantParams } from "@/lib/merchants/schemas";
import { createPaymentRequest } from "@/lib/payment-requests/create-payment-request";
import { readIdempotencyKey } from "@/lib/payment-requests/idempotency";
import { listPaymentRequests } from "@/lib/payment-requests/list-payment-requests";
import { createPaymentRequestBody, listPaymentRequestsQuery, parseOptionalBody } from "@/lib/payment-requests/request-schemas";

export const POST = route({ authenticate: authenticateWalletRequest, params: merchantParams }, async ({ req, auth: ownerId, params, rawBody }) => {
  const merchant = await getOwnedMerchantOrThrow({ merchantId: params.id, ownerId });
  const input = parseOptionalBody(createPaymentRequestBody, rawBody);
  const answer = await createPaymentRequest({ merchantId: merchant.id, input, idempotencyKey: readIdempotencyKey(req.headers) });
  return NextResponse.json(answer.body, { status: answer.status });
});

export const GET = route(
  {
    authenticate: authenticateWalletRequest,
    params: merchantParams,
    query: listPaymentRequestsQuery,
    headers: { "cache-control": "no-store" },
  },
  async ({ auth: ownerId, params, query }) => {
    const merchant = await getOwnedMerchantOrThrow({ merchantId: params.id, ownerId });
    return listPaymentRequests({ merchantId: merchant.id, ...query });
  },
);
