/**
 * Sends due outbox deliveries. Each is leased (lockedUntil + leaseToken, one guarded update) before
 * sending so two workers — the one in the server and a standalone one — never send the same delivery at
 * once. What one round does (signing profiles, the variant walk on a signature refusal, outcomes,
 * retries) is in attempt-delivery.ts.
 */
import { db } from "@/lib/db";
import { attemptDelivery, leaseUntil, newLease, type AttemptOptions } from "@/lib/deliveries/attempt-delivery";

export type DeliverDueOptions = AttemptOptions & { now?: Date; limit?: number };

/** Sends up to `limit` due deliveries; returns how many were attempted. */
export async function deliverDue(options: DeliverDueOptions = {}): Promise<number> {
  const now = options.now ?? new Date();
  const client = await db();
  const due = await client.delivery.findMany({
    where: {
      status: "pending",
      nextAttemptAt: { lte: now },
      OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
    },
    orderBy: { nextAttemptAt: "asc" },
    take: options.limit ?? 20,
  });
  let attempted = 0;
  await Promise.all(
    due.map(async (delivery) => {
      const lease = newLease(now);
      const taken = await client.delivery.updateMany({
        where: { id: delivery.id, status: "pending", OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
        data: { lockedUntil: leaseUntil(lease), leaseToken: lease.token },
      });
      if (taken.count !== 1) return; // another worker took it
      attempted++;
      await attemptDelivery(delivery, lease, options);
    }),
  );
  return attempted;
}
