/**
 * Settlements whose process stopped mid-way (a crash or a restart between the payer's debit and the
 * end of the hops) stay `started`. Past their deadline — longer than every hop's timeout together, so a
 * live process has always finished its own by then — this fails them as settle-through-partner.ts does
 * for an answer that never came: the money goes back to the payer and the row says what to reconcile.
 * Run by the delivery worker every round.
 */
import type { Settlement } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { HopFailure, type HopLogEntry } from "@/lib/settlement/partner-calls";
import { failSettlement, fundedBy } from "@/lib/settlement/settle-through-partner";

const BATCH = 50;

export async function resolveAbandonedSettlements(now = new Date()): Promise<number> {
  const client = await db();
  const due = await client.settlement.findMany({
    where: { status: "started", deadlineAt: { lte: now } },
    orderBy: { deadlineAt: "asc" },
    take: BATCH,
    include: { order: { select: { txid: true } } },
  });
  let resolved = 0;
  for (const settlement of due) {
    const log = readLog(settlement);
    const lastHop = log.at(-1);
    const partner = lastHop?.ocid ?? settlement.gatewayOcid;
    const failure = new HopFailure("unknown", lastHop?.hop ?? "transfer/create", partner, "the payment was interrupted before it finished");
    // With the provider's proof in hand, the provider has paid the gateway: the money is at the gateway.
    const moneyAt = settlement.providerProofJson ? settlement.gatewayOcid : fundedBy(settlement);
    const outcome = await failSettlement(settlement, settlement.order.txid ?? "", failure, log, moneyAt);
    if (outcome.status === "failed") resolved++;
  }
  return resolved;
}

function readLog(settlement: Settlement): HopLogEntry[] {
  try {
    const log = JSON.parse(settlement.hopLog) as unknown;
    return Array.isArray(log) ? (log as HopLogEntry[]) : [];
  } catch {
    return [];
  }
}
