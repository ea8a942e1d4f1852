/**
 * Slows down password guessing: after MAX_FAILURES failed sign-ins for one email within WINDOW_MS,
 * further attempts for that email are refused until the window has passed (a correct password
 * included, so a guesser learns nothing). The counts live in the database (SignInThrottle), so every
 * app instance sees the same failures and a restart forgets none.
 */
import { db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";

export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60_000;

export async function isSignInThrottled(email: string, now = new Date()): Promise<boolean> {
  const client = await db();
  const entry = await client.signInThrottle.findUnique({ where: { email } });
  return Boolean(entry && entry.failures >= MAX_FAILURES && now.getTime() - entry.windowStartAt.getTime() < WINDOW_MS);
}

export async function recordSignInFailure(email: string, now = new Date()): Promise<void> {
  const windowStart = new Date(now.getTime() - WINDOW_MS);
  // Serialisable on both engines (lib/db/transaction.ts): two instances counting one email's failures at
  // once cannot lose one.
  await inTransaction(undefined, async (tx) => {
    const entry = await tx.signInThrottle.findUnique({ where: { email } });
    if (!entry || entry.windowStartAt <= windowStart) {
      await tx.signInThrottle.upsert({ where: { email }, create: { email, failures: 1, windowStartAt: now }, update: { failures: 1, windowStartAt: now } });
    } else {
      await tx.signInThrottle.update({ where: { email }, data: { failures: { increment: 1 } } });
    }
  });
  // Windows that have passed mean nothing any more; rows of emails nobody tries again are dropped here.
  const client = await db();
  await client.signInThrottle.deleteMany({ where: { windowStartAt: { lte: windowStart } } });
}

export async function clearSignInFailures(email: string): Promise<void> {
  const client = await db();
  await client.signInThrottle.deleteMany({ where: { email } });
}
