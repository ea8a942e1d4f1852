/**
 * Operator view of settlement out (`npm run wallet -- settlements:list`): every payment made through a
 * partner, newest first, and — with `--reconcile` — only those whose outcome at the partner is unknown
 * (a timeout, a 5xx, an answer we could not verify): what the operator must settle with whom.
 */
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatAmount } from "@/lib/money";
import { ocidSchema } from "@/lib/opencharge/counterparty-sources";

export const SETTLEMENT_STATUSES = ["started", "completed", "failed"] as const;

const listInput = z.object({
  status: z.enum(SETTLEMENT_STATUSES).optional(),
  ocid: ocidSchema.optional(),
  reconcile: z.boolean().default(false),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export type SettlementSummary = {
  id: string;
  orderId: string;
  path: string;
  gatewayOcid: number;
  providerOcid: number | null;
  amount: string;
  currency: string;
  status: string;
  failureReason: string | null;
  reconcile: string | null;
  proofTxid: string | null;
  debitTxId: string;
  reversalTxId: string | null;
  hops: unknown;
  createdAt: string;
  updatedAt: string;
};

export async function listSettlements(
  input: { status?: string; ocid?: string | number; reconcile?: boolean; limit?: string | number } = {},
): Promise<SettlementSummary[]> {
  const parsed = listInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("VALIDATION_ERROR", `Invalid ${issue?.path.join(".") || "input"}: ${issue?.message}`);
  }
  const { status, ocid, reconcile, limit } = parsed.data;
  const client = await db();
  const rows = await client.settlement.findMany({
    where: {
      ...(status && { status }),
      ...(ocid !== undefined && { OR: [{ gatewayOcid: ocid }, { providerOcid: ocid }] }),
      ...(reconcile && { reconcile: { not: null } }),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return rows.map((row) => ({
    id: row.id,
    orderId: row.orderId,
    path: row.path,
    gatewayOcid: row.gatewayOcid,
    providerOcid: row.providerOcid,
    amount: formatAmount(row.amountMinor, row.currency),
    currency: row.currency,
    status: row.status,
    failureReason: row.failureReason,
    reconcile: row.reconcile,
    proofTxid: row.proofTxid,
    debitTxId: row.debitTxId,
    reversalTxId: row.reversalTxId,
    hops: safeJson(row.hopLog),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
