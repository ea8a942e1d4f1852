/**
 * `npm run wallet -- deliveries:redeliver ID`: a fresh attempt of the same signed proof, now. One guarded
 * update sets the row pending, due now, and takes its lease (so no worker sends it meanwhile); then one
 * round runs here (attempt-delivery.ts: the counterparty's profile, the variant walk on a signature
 * refusal). A delivered row is refused: the receiver accepted it, and a second acceptance must never happen.
 */
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { attemptDelivery, leaseUntil, newLease, targetOf, type AttemptOptions, type RoundResult } from "@/lib/deliveries/attempt-delivery";

export type RedeliveryResult = { id: string; targetOcid: number | null; proofTxid: string | null } & Omit<RoundResult, "leaseHeld">;

export async function redeliverDelivery(options: { id: string; now?: Date } & AttemptOptions): Promise<RedeliveryResult> {
  const now = options.now ?? new Date();
  const client = await db();
  const lease = newLease(now);
  const taken = await client.delivery.updateMany({
    where: {
      id: options.id,
      status: { in: ["pending", "rejected", "failed"] },
      OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
    },
    data: {
      status: "pending",
      nextAttemptAt: now,
      completedAt: null,
      outcome: null,
      redeliveredAt: now,
      lockedUntil: leaseUntil(lease),
      leaseToken: lease.token,
    },
  });
  const row = await client.delivery.findUnique({ where: { id: options.id } });
  if (!row) throw new AppError("NOT_FOUND", `No delivery "${options.id}".`);
  if (taken.count !== 1) {
    if (row.status === "delivered") {
      throw new AppError("INVALID_STATE", `Delivery ${row.id} was already accepted by ${targetOf(row)} (${row.outcome}); it is not sent twice.`);
    }
    throw new AppError("INVALID_STATE", `Delivery ${row.id} is being sent by a worker right now; try again in a minute.`);
  }
  const result = await attemptDelivery(row, lease, options);
  if (!result.leaseHeld) throw new AppError("INVALID_STATE", `Delivery ${row.id} was taken over by another worker meanwhile.`);
  const { leaseHeld: _held, ...round } = result;
  return { id: row.id, targetOcid: row.targetOcid, proofTxid: row.proofTxid, ...round };
}
