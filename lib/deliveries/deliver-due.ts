/**
 * Sends due outbox deliveries. They are claimed and read in one statement (lockedUntil + leaseToken;
 * on PostgreSQL with FOR UPDATE SKIP LOCKED) before sending, so two workers — in several app instances
 * and standalone — never send the same delivery at once, and each sends the row as it claimed it. What one round does (signing profiles, the variant walk on a signature refusal, outcomes,
 * retries) is in attempt-delivery.ts.
 */
import { hotPaths } from "@/lib/db/hot-paths";
import { attemptDelivery, leaseUntil, newLease, type AttemptOptions } from "@/lib/deliveries/attempt-delivery";

export type DeliverDueOptions = AttemptOptions & { now?: Date; limit?: number };

/** Sends up to `limit` due deliveries; returns how many were attempted. */
export async function deliverDue(options: DeliverDueOptions = {}): Promise<number> {
  const now = options.now ?? new Date();
  // One lease for the batch: every later write is guarded by the row's id and this token.
  const lease = newLease(now);
  const claimed = await (await hotPaths()).claimDueDeliveries({
    now,
    limit: options.limit ?? 20,
    leaseToken: lease.token,
    lockedUntil: leaseUntil(lease),
  });
  await Promise.all(claimed.map((delivery) => attemptDelivery(delivery, lease, options)));
  return claimed.length;
}
