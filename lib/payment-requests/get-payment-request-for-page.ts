import { db } from "@/lib/db";
import { notFound } from "@/lib/payment-requests/get-payment-request";
import { getPayerPaymentRequest } from "@/lib/payment-requests/get-payer-payment-request";
import { toPayerView, VIEW_INCLUDE, type PayerViewJson } from "@/lib/payment-requests/payment-request-view";
import { refreshPaymentRequest } from "@/lib/payment-requests/refresh-payment-request";
import { parseShortCode } from "@/lib/payment-requests/short-code";

export type PaymentRequestForPage =
  | { kind: "visible"; request: PayerViewJson }
  /** A request-to-pay addressed to one wallet user, opened by someone not signed in: nothing of it is shown. */
  | { kind: "addressed" };

/**
 * What the pay page (`/pay/{id}`, `/pay?code=…`) may show. A signed-in viewer sees exactly what the payer
 * API shows them (getPayerPaymentRequest: someone else's request-to-pay is 404). A visitor without a
 * session — a phone camera opened the QR code — sees a request open to anyone, so they know what they
 * are signing in to pay; of a request-to-pay they learn only that it wants its addressee to sign in.
 * Unknown ids and codes are 404; a mistyped code is 400 INVALID_SHORT_CODE.
 */
export async function getPaymentRequestForPage(
  options: { viewerUserId: string | null; now?: Date } & ({ id: string } | { shortCode: string }),
): Promise<PaymentRequestForPage> {
  const now = options.now ?? new Date();
  if (options.viewerUserId) {
    const key = "id" in options ? { id: options.id } : { shortCode: options.shortCode };
    return { kind: "visible", request: await getPayerPaymentRequest({ userId: options.viewerUserId, now, ...key }) };
  }
  const where = "id" in options ? { id: options.id } : { shortCode: parseShortCode(options.shortCode) };
  const client = await db();
  const find = () => client.paymentRequest.findFirst({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], include: VIEW_INCLUDE });
  let request = await find();
  if (!request) throw notFound();
  if (request.payerUserId !== null) return { kind: "addressed" };
  if (await refreshPaymentRequest(request, now)) request = (await find()) ?? request;
  return { kind: "visible", request: toPayerView(request) };
}
