/**
 * PostgreSQL LISTEN/NOTIFY for "a delivery is due now": a payment committed on one app instance wakes the
 * delivery worker wherever it runs (another instance, or `npm run worker` on its own), instead of the
 * worker finding it at its next poll. LISTEN needs a connection of its own, outside the pool, kept open
 * and re-opened after the server restarts. A lost signal costs only latency: the worker still polls.
 */
import pg from "pg";
import { redactUrl } from "@/lib/db/postgres/client";

export const DELIVERIES_CHANNEL = "opencharge_deliveries_due";

export async function notifyDeliveriesDue(pool: pg.Pool): Promise<void> {
  await pool.query(`NOTIFY ${DELIVERIES_CHANNEL}`);
}

/** Calls `onSignal` on every notification until the returned function is called. */
export function listenForDeliveriesDue(url: string, onSignal: () => void): () => void {
  let client: pg.Client | null = null;
  let isStopped = false;
  let retry: NodeJS.Timeout | null = null;

  const reconnectSoon = () => {
    if (isStopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, 1_000);
    retry.unref();
  };

  const connect = async () => {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, application_name: "opencharge-wallet-listener" });
    next.on("notification", (message) => {
      // Not after stop(): the connection ends asynchronously, and a NOTIFY can still arrive before it has.
      if (message.channel === DELIVERIES_CHANNEL && !isStopped) onSignal();
    });
    next.on("error", (error) => {
      console.error(`[db] delivery listener lost its connection (${redactUrl(url)}): ${error.message}`);
      void next.end().catch(() => undefined);
      if (client === next) client = null;
      reconnectSoon();
    });
    next.on("end", () => {
      if (client === next) client = null;
      reconnectSoon();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${DELIVERIES_CHANNEL}`);
      if (isStopped) {
        await next.end();
        return;
      }
      client = next;
      onSignal(); // what was signalled while we were not listening
    } catch (error) {
      console.error(`[db] delivery listener cannot connect (${redactUrl(url)}): ${(error as Error).message}`);
      await next.end().catch(() => undefined);
      reconnectSoon();
    }
  };

  void connect();
  return () => {
    isStopped = true;
    if (retry) clearTimeout(retry);
    void client?.end().catch(() => undefined);
    client = null;
  };
}
