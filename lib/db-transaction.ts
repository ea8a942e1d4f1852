import { db, type Tx } from "@/lib/db";

/**
 * Runs `fn` in the caller's transaction when one is given, otherwise in a new one.
 * Domain functions that move money take an optional `tx` so several of them commit or fail together.
 */
export async function inTransaction<T>(tx: Tx | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (tx) return fn(tx);
  const client = await db();
  // SQLite has one writer: queued transactions wait rather than fail under load.
  return client.$transaction(fn, { maxWait: 20_000, timeout: 20_000 });
}
