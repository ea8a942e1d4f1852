/** Operator view of the outbox (`npm run wallet -- deliveries:list`): nothing that failed stays silent. */
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ocidSchema } from "@/lib/opencharge/counterparty-sources";

export const DELIVERY_STATUSES = ["pending", "delivered", "rejected", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const listInput = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  ocid: ocidSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export type DeliverySummary = {
  id: string;
  kind: string;
  targetOcid: number | null;
  url: string | null;
  proofTxid: string | null;
  status: string;
  /** Delivery rounds made; every request of a round is counted in `requests`. */
  attempts: number;
  requests: number;
  outcome: string | null;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  completedAt: string | null;
  redeliveredAt: string | null;
  lastAttempt: { at: string; variant: string | null; httpStatus: number | null; error: string | null } | null;
};

/** Newest first, at most `limit` (100); filtered by status and target OCID when given. */
export async function listDeliveries(input: { status?: string; ocid?: string | number; limit?: string | number } = {}): Promise<DeliverySummary[]> {
  const parsed = listInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("VALIDATION_ERROR", `Invalid ${issue?.path.join(".") || "input"}: ${issue?.message}`);
  }
  const { status, ocid, limit } = parsed.data;
  const client = await db();
  const rows = await client.delivery.findMany({
    where: { ...(status && { status }), ...(ocid !== undefined && { targetOcid: ocid }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { attemptLog: { orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: 1 }, _count: { select: { attemptLog: true } } },
  });
  return rows.map((row) => {
    const last = row.attemptLog[0];
    return {
      id: row.id,
      kind: row.kind,
      targetOcid: row.targetOcid,
      url: row.url,
      proofTxid: row.proofTxid,
      status: row.status,
      attempts: row.attempts,
      requests: row._count.attemptLog,
      outcome: row.outcome,
      lastError: row.lastError,
      createdAt: row.createdAt.toISOString(),
      nextAttemptAt: row.status === "pending" ? row.nextAttemptAt.toISOString() : null,
      completedAt: row.completedAt?.toISOString() ?? null,
      redeliveredAt: row.redeliveredAt?.toISOString() ?? null,
      lastAttempt: last ? { at: last.startedAt.toISOString(), variant: last.variant, httpStatus: last.httpStatus, error: last.error } : null,
    };
  });
}
