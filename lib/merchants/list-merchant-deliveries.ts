import { db } from "@/lib/db";
import { CALLBACK_DELIVERY_KIND } from "@/lib/payment-requests/apply-transition";
import { notFound as paymentRequestNotFound } from "@/lib/payment-requests/get-payment-request";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";

export type DeliveryAttemptView = {
  at: string;
  url: string;
  httpStatus: number | null;
  latencyMs: number;
  error: string | null;
  responseExcerpt: string | null;
};

export type MerchantDeliveryView = {
  id: string;
  paymentRequestId: string;
  url: string | null;
  /** The callback body, `{"id", "status"}`: which status change it tells. */
  body: string;
  status: string;
  outcome: string | null;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  completedAt: string | null;
  /** Every request made, oldest first. */
  attempts: DeliveryAttemptView[];
};

/** How many of the merchant's newest requests with a callback URL the unfiltered list looks at. */
const RECENT_REQUESTS = 100;

/**
 * The callback deliveries of a merchant its caller owns (404 otherwise), newest first, each with every
 * attempt: of one request (`paymentRequestId`, another merchant's is 404), or of its newest requests.
 * Read from the one outbox (lib/deliveries), by the `paymentRequestId` its callback rows carry.
 */
export async function listMerchantDeliveries(options: {
  merchantId: string;
  ownerId: string;
  paymentRequestId?: string;
  limit?: number;
}): Promise<MerchantDeliveryView[]> {
  const merchant = await getOwnedMerchantOrThrow(options);
  const client = await db();
  let requestIds: string[];
  if (options.paymentRequestId !== undefined) {
    const request = await client.paymentRequest.findFirst({ where: { id: options.paymentRequestId, merchantId: merchant.id }, select: { id: true } });
    if (!request) throw paymentRequestNotFound();
    requestIds = [request.id];
  } else {
    const recent = await client.paymentRequest.findMany({
      where: { merchantId: merchant.id, callbackUrl: { not: null } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: RECENT_REQUESTS,
      select: { id: true },
    });
    requestIds = recent.map((r) => r.id);
  }
  if (requestIds.length === 0) return [];
  const rows = await client.delivery.findMany({
    where: { kind: CALLBACK_DELIVERY_KIND, paymentRequestId: { in: requestIds } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(options.limit ?? 50, 1), 200),
    include: { attemptLog: { orderBy: [{ startedAt: "asc" }, { id: "asc" }] } },
  });
  return rows.map((row) => ({
    id: row.id,
    paymentRequestId: row.paymentRequestId ?? "",
    url: row.url,
    body: row.body,
    status: row.status,
    outcome: row.outcome,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    nextAttemptAt: row.status === "pending" ? row.nextAttemptAt.toISOString() : null,
    completedAt: row.completedAt?.toISOString() ?? null,
    attempts: row.attemptLog.map((a) => ({
      at: a.startedAt.toISOString(),
      url: a.url,
      httpStatus: a.httpStatus,
      latencyMs: a.latencyMs,
      error: a.error,
      responseExcerpt: a.responseExcerpt,
    })),
  }));
}
