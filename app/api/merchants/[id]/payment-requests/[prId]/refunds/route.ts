import { NextResponse } from "next/server";
import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { refundPaymentRequest } from "@/lib/payment-requests/refund-payment-request";
import { refundBody } from "@/lib/payment-requests/request-schemas";
import { ownerRequestParams } from "../../params";

/** The owner refunds from the dashboard: 201 for a new refund, 200 for the same externalRef and amount again. */
export const POST = route(
  { authenticate: authenticateWalletRequest, params: ownerRequestParams, body: refundBody },
  async ({ auth: ownerId, params, body }) => {
    const merchant = await getOwnedMerchantOrThrow({ merchantId: params.id, ownerId });
    const answer = await refundPaymentRequest({ merchantId: merchant.id, id: params.prId, input: body });
    return NextResponse.json(answer.body, { status: answer.status });
  },
);
