import { db } from "@/lib/db";
import { notFound } from "@/lib/payment-requests/get-payment-request";
import { toPaymentRequestJson, VIEW_INCLUDE, type PaymentRequestJson } from "@/lib/payment-requests/payment-request-view";
import { refreshPaymentRequest } from "@/lib/payment-requests/refresh-payment-request";
import { parseShortCode } from "@/lib/payment-requests/short-code";

/**
 * The merchant's newest request with this short code (GET /api/payment-requests/short-code/{code}).
 * A code that fails its check character is 400 INVALID_SHORT_CODE, never another request.
 */
export async function getPaymentRequestByShortCode(options: { merchantId: string; shortCode: string; now?: Date }): Promise<PaymentRequestJson> {
  const now = options.now ?? new Date();
  const shortCode = parseShortCode(options.shortCode);
  const client = await db();
  const find = () =>
    client.paymentRequest.findFirst({
      where: { merchantId: options.merchantId, shortCode },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      include: VIEW_INCLUDE,
    });
  let request = await find();
  if (!request) throw notFound();
  if (await refreshPaymentRequest(request, now)) request = (await find()) ?? request;
  return toPaymentRequestJson(request);
}
