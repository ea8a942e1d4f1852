/**
 * The Prisma client on PostgreSQL: one node-postgres pool per process, shared by Prisma (through
 * @prisma/adapter-pg) and the hot paths' raw statements (lib/db/postgres/hot-paths.ts).
 *
 * The PostgreSQL client is generated from prisma/postgres/schema.prisma, which is derived from the SQLite
 * schema (scripts/db/postgres-schema.ts): its model types are the same, but TypeScript sees two distinct
 * client classes, so it is handed out under the SQLite client's type here, in this one place.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import pg from "pg";
import type { PrismaClient } from "@/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@/generated/prisma-postgres/client";

export type PostgresHandle = {
  client: PrismaClient;
  pool: pg.Pool;
  close(): Promise<void>;
};

/** A DATABASE_URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgresql://…";
  }
}

// timestamp (without time zone) columns hold UTC times (Prisma's convention); node-postgres would read them
// as local time. Raw statements read them through this parser (Prisma's adapter has its own).
const TIMESTAMP_OID = 1114;
export const utcTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP_OID
      ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};

export function openPostgres(options: { url: string; poolSize: number }): PostgresHandle {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    // A request waits at most this long for a connection (pool exhausted or server down), then fails cleanly.
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: "opencharge-wallet",
    types: utcTypes,
  });
  // An idle connection that breaks (the server restarted) must not crash the process: the pool drops it
  // and opens a new one on the next request.
  pool.on("error", (error) => console.error(`[db] PostgreSQL connection lost (${redactUrl(options.url)}): ${error.message}`));
  const client = new PostgresPrismaClient({ adapter: releasingFailedTransactions(new PrismaPg(pool)) }) as unknown as PrismaClient;
  return {
    client,
    pool,
    async close() {
      await pool.end().catch(() => undefined);
    },
  };
}

/**
 * @prisma/adapter-pg 6.19 gives a transaction's connection back to the pool in its commit()/rollback(), which
 * Prisma calls only after the COMMIT or ROLLBACK statement succeeded. When that statement fails — the server
 * restarted or the connection broke mid-transaction, or SERIALIZABLE refused the COMMIT (40001) — the
 * connection stays checked out for ever: after DATABASE_POOL_SIZE such failures every request waits for a
 * connection and fails with 503 until the process restarts (tests/database/faults.test.ts). So when the closing
 * statement fails, the connection is released here: pg-pool discards it if it is broken, and after a refused
 * COMMIT the server has already ended the transaction, so a live connection is clean to reuse.
 */
function releasingFailedTransactions(factory: PrismaPg): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = await factory.connect();
      const startTransaction = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel) => releaseWhenCloseFails(await startTransaction(isolationLevel));
      return adapter;
    },
  };
}

function releaseWhenCloseFails(transaction: Transaction): Transaction {
  let isReleased = false;
  const release = (close: () => Promise<void>) => async () => {
    if (isReleased) return;
    isReleased = true;
    await close();
  };
  const commit = release(transaction.commit.bind(transaction));
  const rollback = release(transaction.rollback.bind(transaction));
  const executeRaw = transaction.executeRaw.bind(transaction);
  return Object.assign(transaction, {
    commit,
    rollback,
    async executeRaw(query: SqlQuery) {
      try {
        return await executeRaw(query);
      } catch (error) {
        if (/^\s*(COMMIT|ROLLBACK)\s*;?\s*$/i.test(query.sql)) await rollback().catch(() => undefined);
        throw error;
      }
    },
  });
}
