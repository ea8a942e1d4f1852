import { db } from "@/lib/db";
import { expireDuePaymentRequests } from "@/lib/payment-requests/expire-due-payment-requests";
import { toPayerView, VIEW_INCLUDE, type PayerViewJson } from "@/lib/payment-requests/payment-request-view";

/** Requests-to-pay addressed to the caller, newest first (GET /api/wallet/payment-requests). */
export async function listPayerPaymentRequests(options: { userId: string; limit?: number; now?: Date }): Promise<{ requests: PayerViewJson[] }> {
  const now = options.now ?? new Date();
  await expireDuePaymentRequests({ now, where: { payerUserId: options.userId } });
  const client = await db();
  const rows = await client.paymentRequest.findMany({
    where: { payerUserId: options.userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit ?? 20,
    include: VIEW_INCLUDE,
  });
  return { requests: rows.map((row) => toPayerView(row, options.userId)) };
}
