import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { toPaymentRequestJson, VIEW_INCLUDE, type PaymentRequestJson } from "@/lib/payment-requests/payment-request-view";
import { refreshPaymentRequest } from "@/lib/payment-requests/refresh-payment-request";

/**
 * One of the merchant's own requests (GET /api/payment-requests/{id}); another merchant's is 404 like a
 * missing one. Read as it is now: a request whose time ran out is expired first.
 */
export async function getPaymentRequest(options: { merchantId: string; id: string; now?: Date }): Promise<PaymentRequestJson> {
  const now = options.now ?? new Date();
  const client = await db();
  const where = { id: options.id, merchantId: options.merchantId };
  let request = await client.paymentRequest.findFirst({ where, include: VIEW_INCLUDE });
  if (!request) throw notFound();
  if (await refreshPaymentRequest(request, now)) request = await client.paymentRequest.findFirstOrThrow({ where, include: VIEW_INCLUDE });
  return toPaymentRequestJson(request);
}

export const notFound = () => new AppError("NOT_FOUND", "No such payment request.");
