/**
 * A payment request as a signed Opencharge order (reference §6), so a wallet of another gateway can pay
 * one of our merchants: `GET /opencharge/orders/{id}` (and `GET /pay/{id}` with `Accept: application/json`,
 * which the server rewrites to it). We are the merchant's gateway: `ocid` is our OCID, `id` the request's
 * id, `amount` what is still due, `accepts` our OCID and the issuers we take proofs from
 * (OPENCHARGE_SETTLEMENT_ACCEPTS) — pay us directly, or through payment/create and payment/settle.
 * Only requests open to anyone with an amount and something still due are orders: a request-to-pay is
 * one of our users' business (404), a finished one is refused as its status says.
 */
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatAmount } from "@/lib/money";
import { ourSettlement } from "@/lib/opencharge/capabilities";
import { getGatewayIdentity } from "@/lib/opencharge/identity";
import { signObject } from "@/lib/opencharge/signed-objects";
import { amountDueMinor } from "@/lib/payment-requests/payment-request-view";
import { refreshPaymentRequest } from "@/lib/payment-requests/refresh-payment-request";

export type RequestOrder = {
  id: string;
  ocid: number;
  amount: string;
  currency: string;
  createdAt: number;
  expiresAt: number;
  accepts: number[];
  reference: string;
  memo?: string;
};

const unix = (date: Date) => Math.floor(date.getTime() / 1000);

/** Statuses in which a request takes money from another gateway. */
export const NETWORK_PAYABLE_STATUSES = ["CREATED", "INCOMPLETE"];

export async function getRequestOrder(options: { id: string; now?: Date }): Promise<{ order: RequestOrder; signature: string }> {
  const now = options.now ?? new Date();
  const client = await db();
  const find = () => client.paymentRequest.findUnique({ where: { id: options.id } });
  let request = await find();
  if (!request || request.payerUserId !== null) throw new AppError("ORDER_NOT_FOUND", "No such order.");
  if (await refreshPaymentRequest(request, now)) request = (await find()) ?? request;
  if (!NETWORK_PAYABLE_STATUSES.includes(request.status)) {
    throw new AppError("INVALID_STATE", `This payment request is ${request.status} and takes no payment.`, { details: { status: request.status } });
  }
  const due = amountDueMinor(request);
  if (due === null || request.currency === null) {
    throw new AppError("INVALID_STATE", "This payment request has no amount: the payer chooses it in an Opencharge wallet here, not as an order.", {
      details: { status: request.status },
    });
  }
  const order: RequestOrder = {
    id: request.id,
    ocid: getGatewayIdentity().ocid,
    amount: formatAmount(due, request.currency),
    currency: request.currency,
    createdAt: unix(request.createdAt),
    expiresAt: unix(request.expiresAt),
    accepts: ourSettlement().accepts,
    reference: request.shortCode,
    ...(request.description ? { memo: request.description } : {}),
  };
  return { order, signature: signObject(order) };
}
