import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/generated/prisma/client";
import { expireDuePaymentRequests } from "@/lib/payment-requests/expire-due-payment-requests";
import { toPaymentRequestJson, VIEW_INCLUDE, type PaymentRequestJson } from "@/lib/payment-requests/payment-request-view";
import type { PaymentRequestStatus } from "@/lib/payment-requests/status";

/**
 * The merchant's requests, newest first (GET /api/payment-requests?status=&externalRef=&limit=&cursor=).
 * `cursor` is the id of the last request of the previous page (`nextCursor`); pages are cut by
 * (createdAt, id), so requests created meanwhile never shift a page. Due expiries are applied first, so
 * `status=CREATED` lists only what can still be paid.
 */
export async function listPaymentRequests(options: {
  merchantId: string;
  status?: PaymentRequestStatus;
  externalRef?: string;
  limit?: number;
  cursor?: string;
  now?: Date;
}): Promise<{ requests: PaymentRequestJson[]; nextCursor: string | null }> {
  const now = options.now ?? new Date();
  const limit = options.limit ?? 20;
  const client = await db();
  await expireDuePaymentRequests({ now, where: { merchantId: options.merchantId } });

  const filters: Prisma.PaymentRequestWhereInput[] = [{ merchantId: options.merchantId }];
  if (options.status) filters.push({ status: options.status });
  if (options.externalRef !== undefined) filters.push({ externalRef: options.externalRef });
  if (options.cursor) {
    const anchor = await client.paymentRequest.findFirst({
      where: { id: options.cursor, merchantId: options.merchantId },
      select: { id: true, createdAt: true },
    });
    if (!anchor) throw new AppError("VALIDATION_ERROR", "Invalid cursor.", { details: { issues: [{ path: "cursor", message: "unknown cursor" }] } });
    filters.push({ OR: [{ createdAt: { lt: anchor.createdAt } }, { createdAt: anchor.createdAt, id: { lt: anchor.id } }] });
  }
  const rows = await client.paymentRequest.findMany({
    where: { AND: filters },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: VIEW_INCLUDE,
  });
  const page = rows.slice(0, limit);
  return {
    requests: page.map(toPaymentRequestJson),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}
