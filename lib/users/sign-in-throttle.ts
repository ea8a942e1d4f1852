/**
 * Slows down password guessing: after MAX_FAILURES failed sign-ins for one email within WINDOW_MS,
 * further attempts for that email are refused until the window has passed (a correct password
 * included, so a guesser learns nothing). Kept in memory: one app process per database today;
 * a shared store comes with multi-instance deployments.
 */
export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60_000;
const MAX_TRACKED = 10_000;

const failures = new Map<string, { count: number; since: number }>();

export function isSignInThrottled(email: string, now = Date.now()): boolean {
  const entry = failures.get(email);
  if (!entry) return false;
  if (now - entry.since >= WINDOW_MS) {
    failures.delete(email);
    return false;
  }
  return entry.count >= MAX_FAILURES;
}

export function recordSignInFailure(email: string, now = Date.now()): void {
  const entry = failures.get(email);
  if (!entry || now - entry.since >= WINDOW_MS) {
    if (failures.size >= MAX_TRACKED) failures.delete(failures.keys().next().value!); // oldest first
    failures.set(email, { count: 1, since: now });
  } else {
    entry.count++;
  }
}

export function clearSignInFailures(email: string): void {
  failures.delete(email);
}
