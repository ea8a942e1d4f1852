import { NextResponse } from "next/server";
import { route } from "@/lib/http/route";
import { authenticateMerchantRequest } from "@/lib/merchants/authenticate-merchant-key";
import { refundPaymentRequest } from "@/lib/payment-requests/refund-payment-request";
import { paymentRequestParams, refundBody } from "@/lib/payment-requests/request-schemas";

/** 201 for a new refund; 200 with the same refund when its externalRef and amount come again. */
export const POST = route(
  { authenticate: (req) => authenticateMerchantRequest(req, { scope: "refunds" }), params: paymentRequestParams, body: refundBody },
  async ({ auth, params, body }) => {
    const answer = await refundPaymentRequest({ merchantId: auth.merchantId, id: params.id, input: body });
    return NextResponse.json(answer.body, { status: answer.status });
  },
);
