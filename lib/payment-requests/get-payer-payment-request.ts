import { db } from "@/lib/db";
import type { Prisma } from "@/generated/prisma/client";
import { notFound } from "@/lib/payment-requests/get-payment-request";
import { toPayerView, VIEW_INCLUDE, type PayerViewJson } from "@/lib/payment-requests/payment-request-view";
import { refreshPaymentRequest } from "@/lib/payment-requests/refresh-payment-request";
import { parseShortCode } from "@/lib/payment-requests/short-code";

/**
 * What a payer sees of a request, by id (the QR code's URL) or by the short code typed by hand
 * (GET /api/wallet/payment-requests/{id}, …?code=AB-CDE-FGH: the newest request with that code). A
 * request-to-pay addressed to someone else is 404 like a missing one; a mistyped code is 400
 * INVALID_SHORT_CODE, never another request.
 */
export async function getPayerPaymentRequest(
  options: { userId: string; now?: Date } & ({ id: string } | { shortCode: string }),
): Promise<PayerViewJson> {
  const now = options.now ?? new Date();
  const visible: Prisma.PaymentRequestWhereInput = { OR: [{ payerUserId: null }, { payerUserId: options.userId }] };
  const where: Prisma.PaymentRequestWhereInput =
    "id" in options ? { AND: [{ id: options.id }, visible] } : { AND: [{ shortCode: parseShortCode(options.shortCode) }, visible] };
  const client = await db();
  const find = () => client.paymentRequest.findFirst({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], include: VIEW_INCLUDE });
  let request = await find();
  if (!request) throw notFound();
  if (await refreshPaymentRequest(request, now)) request = (await find()) ?? request;
  return toPayerView(request, options.userId);
}
