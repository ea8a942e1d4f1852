import { isHandleTaken } from "@/lib/handles/claim-handle";

/** Attempts of a claim of a generated handle before giving up. */
const MAX_ATTEMPTS = 5;

/**
 * Runs `attempt` (pick a free handle, then the transaction that claims it) again when a concurrent claim
 * took the generated handle between the pick and the insert: a generated handle is ours to choose, so
 * its collision is never the caller's error. A handle the person chose is not retried.
 */
export async function retryGeneratedHandle<T>(isGenerated: boolean, attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isGenerated || !isHandleTaken(error) || i >= MAX_ATTEMPTS) throw error;
    }
  }
}
