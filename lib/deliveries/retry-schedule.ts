/**
 * When to try a failed delivery again: exponential backoff from 5 s, doubling, capped at 4 hours,
 * with ±10 % jitter so many deliveries failing together do not retry in lockstep; give up only once
 * the delivery is more than 24 hours old. The schedule is about 5 s, 10 s, 20 s … 2.8 h, 4 h, 4 h …
 * (17 attempts in the first day).
 */
export const FIRST_RETRY_MS = 5_000;
export const MAX_RETRY_DELAY_MS = 4 * 3600_000;
export const GIVE_UP_AFTER_MS = 24 * 3600_000;

/** Delay before attempt number `attempts + 1`, given `attempts` attempts already made (≥ 1). */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
  const jitter = 1 + (random() * 2 - 1) * 0.1;
  return Math.round(base * jitter);
}

/** The next attempt time, or null when the delivery has been retried for long enough. */
export function nextAttemptAt(options: { createdAt: Date; attempts: number; now: Date; random?: () => number }): Date | null {
  if (options.now.getTime() - options.createdAt.getTime() >= GIVE_UP_AFTER_MS) return null;
  return new Date(options.now.getTime() + retryDelayMs(options.attempts, options.random));
}

/** Whether an HTTP answer means "try again later" (the receiver may succeed later) or is final. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}
