/**
 * The sweep a worker loop calls (e.g. every second beside deliverDue): every request that time has made
 * due — open past expiresAt → EXPIRED, a reservation past holdExpiresAt → FAILED with the money back —
 * gets its transition, log entry and callback even when nobody reads it. Each request in a transaction
 * of its own, decided again on what it is at that moment (a payment a moment earlier wins). Also drops
 * Idempotency-Key answers older than 24 hours. Returns how many requests changed.
 */
import { db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { kickDeliveryWorker } from "@/lib/deliveries/worker";
import type { Prisma } from "@/generated/prisma/client";
import { expirePaymentRequestIfDue } from "@/lib/payment-requests/expire-payment-request-if-due";

export async function expireDuePaymentRequests(
  options: {
    now?: Date;
    limit?: number;
    /** Only these requests (e.g. one merchant's, before listing them); the worker's sweep passes none. */
    where?: Prisma.PaymentRequestWhereInput;
  } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const client = await db();
  const due = await client.paymentRequest.findMany({
    where: {
      AND: [
        options.where ?? {},
        {
          OR: [
            { status: "CREATED", expiresAt: { lte: now } },
            { status: "PENDING", holdExpiresAt: { lte: now } },
          ],
        },
      ],
    },
    select: { id: true },
    orderBy: { expiresAt: "asc" },
    take: options.limit ?? 100,
  });
  let changed = 0;
  let callbacks = false;
  for (const { id } of due) {
    const result = await inTransaction(undefined, async (tx) => {
      const request = await tx.paymentRequest.findUnique({ where: { id } });
      return request ? expirePaymentRequestIfDue(tx, request, now) : null;
    });
    if (result) changed++;
    if (result?.callbackEnqueued) callbacks = true;
  }
  if (!options.where) await client.idempotencyRecord.deleteMany({ where: { expiresAt: { lte: now } } });
  if (callbacks) kickDeliveryWorker();
  return changed;
}
