import { NextResponse, type NextRequest } from "next/server";
import { route } from "@/lib/http/route";
import { authenticateMerchantRequest } from "@/lib/merchants/authenticate-merchant-key";
import { createPaymentRequest } from "@/lib/payment-requests/create-payment-request";
import { readIdempotencyKey } from "@/lib/payment-requests/idempotency";
import { listPaymentRequests } from "@/lib/payment-requests/list-payment-requests";
import { createPaymentRequestBody, listPaymentRequestsQuery, parseOptionalBody } from "@/lib/payment-requests/request-schemas";

const payments = (req: NextRequest) => authenticateMerchantRequest(req, { scope: "payments" });

/** Every field is optional, so an empty body is an amount-less request with the defaults. */
export const POST = route({ authenticate: payments }, async ({ req, auth, rawBody }) => {
  const input = parseOptionalBody(createPaymentRequestBody, rawBody);
  const answer = await createPaymentRequest({ merchantId: auth.merchantId, input, idempotencyKey: readIdempotencyKey(req.headers) });
  return NextResponse.json(answer.body, { status: answer.status });
});

export const GET = route(
  { authenticate: (req) => authenticateMerchantRequest(req), query: listPaymentRequestsQuery, headers: { "cache-control": "no-store" } },
  async ({ auth, query }) => listPaymentRequests({ merchantId: auth.merchantId, ...query }),
);
