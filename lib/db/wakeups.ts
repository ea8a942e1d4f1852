/**
 * Waking the delivery worker across processes, on engines that can: PostgreSQL signals every listening
 * worker (lib/db/postgres/notifications.ts); SQLite has nothing to signal with, and needs nothing in the
 * one-process setup (the worker in the server is woken in process; a separate worker polls every second).
 */
import { openEngine } from "@/lib/db";
import { listenForDeliveriesDue, notifyDeliveriesDue } from "@/lib/db/postgres/notifications";
import { getEnv } from "@/lib/env";

/** Tells every delivery worker that a delivery is due now (call after the commit that enqueued it). */
export async function signalDeliveriesDue(): Promise<void> {
  const opened = await openEngine();
  if (opened.engine === "postgresql") await notifyDeliveriesDue(opened.postgres.pool);
}

/** Calls `onSignal` whenever another process signals due deliveries; returns a function that stops listening. */
export function onDeliveriesDue(onSignal: () => void): () => void {
  const env = getEnv();
  if (env.DATABASE_ENGINE !== "postgresql") return () => {};
  return listenForDeliveriesDue(env.DATABASE_URL, onSignal);
}
