import { NextResponse } from "next/server";
import { authenticatePayer } from "@/lib/auth/recent-auth";
import { route } from "@/lib/http/route";
import { readIdempotencyKey } from "@/lib/payment-requests/idempotency";
import { payPaymentRequest } from "@/lib/payment-requests/pay-payment-request";
import { parseOptionalBody, payBody, paymentRequestParams } from "@/lib/payment-requests/request-schemas";

export const POST = route({ authenticate: authenticatePayer, params: paymentRequestParams }, async ({ req, auth, params, rawBody }) => {
  const input = parseOptionalBody(payBody, rawBody);
  const answer = await payPaymentRequest({
    requestId: params.id,
    userId: auth.userId,
    authorization: auth.authorization,
    input,
    idempotencyKey: readIdempotencyKey(req.headers),
  });
  return NextResponse.json(answer.body, { status: answer.status });
});
