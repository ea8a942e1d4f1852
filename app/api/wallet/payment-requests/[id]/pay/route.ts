import { NextResponse } from "next/server";
import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { readIdempotencyKey } from "@/lib/payment-requests/idempotency";
import { payPaymentRequest } from "@/lib/payment-requests/pay-payment-request";
import { parseOptionalBody, payBody, paymentRequestParams } from "@/lib/payment-requests/request-schemas";

export const POST = route({ authenticate: authenticateWalletRequest, params: paymentRequestParams }, async ({ req, auth: userId, params, rawBody }) => {
  const input = parseOptionalBody(payBody, rawBody);
  const answer = await payPaymentRequest({ requestId: params.id, userId, input, idempotencyKey: readIdempotencyKey(req.headers) });
  return NextResponse.json(answer.body, { status: answer.status });
});
