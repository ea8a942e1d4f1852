/**
 * The database, on whichever engine DATABASE_URL selects: SQLite (embedded, the default) or PostgreSQL
 * (several app instances). Server-only.
 *
 * Domain code sees one Prisma client type and never asks which engine runs it. What differs lives in
 * lib/db/sqlite/ and lib/db/postgres/: how the connection is opened, how transactions are isolated
 * (lib/db/transaction.ts), and the hot paths that bypass Prisma (lib/db/hot-paths.ts).
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { getEnv, type DatabaseEngine } from "@/lib/env";
import { openPostgres, type PostgresHandle } from "@/lib/db/postgres/client";
import { openSqlite, type SqliteHandle } from "@/lib/db/sqlite/client";
import type { SqliteConnection } from "@/lib/db/sqlite/connection";
export { sqliteDate } from "@/lib/db/sqlite/connection";

export type Db = PrismaClient;
export type { SqliteConnection };
/** The handle domain functions accept so several of them can run inside one `$transaction`. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

type Open = { engine: "sqlite"; client: PrismaClient; ready: Promise<void>; sqlite: SqliteHandle } | { engine: "postgresql"; client: PrismaClient; ready: Promise<void>; postgres: PostgresHandle };

// On globalThis: the server loads some modules twice (server/direct-routes.ts), and both copies must share
// one connection (SQLite: one writer and its lock; PostgreSQL: one pool per process).
const state = globalThis as unknown as { walletDb?: Open };

function open(): Open {
  if (state.walletDb) return state.walletDb;
  const env = getEnv();
  if (env.DATABASE_ENGINE === "postgresql") {
    const postgres = openPostgres({ url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE });
    state.walletDb = { engine: "postgresql", client: postgres.client, ready: postgres.client.$connect(), postgres };
  } else {
    const sqlite = openSqlite({ file: env.DATABASE_FILE });
    state.walletDb = { engine: "sqlite", client: sqlite.client, ready: sqlite.client.$connect(), sqlite };
  }
  return state.walletDb;
}

/** The client, connected (lazily: importing this module never opens the database, e.g. in `next build`). */
export async function db(): Promise<PrismaClient> {
  const opened = open();
  await opened.ready;
  return opened.client;
}

/** The engine DATABASE_URL selects. */
export function databaseEngine(): DatabaseEngine {
  return getEnv().DATABASE_ENGINE;
}

/** The open engine's handle, for lib/db's own engine-specific modules (hot paths, transactions). */
export async function openEngine(): Promise<Open> {
  const opened = open();
  await opened.ready;
  return opened;
}

/**
 * SQLite only: runs synchronous better-sqlite3 statements in one BEGIN IMMEDIATE transaction on the app's
 * connection, queued with Prisma's queries and transactions (lib/db/sqlite/connection.ts).
 */
export async function runSqliteTransaction<T>(fn: (connection: SqliteConnection) => T): Promise<T> {
  return (await sqliteHandle()).adapter().runSqliteTransaction(fn);
}

/** SQLite only: the same for a single synchronous read outside a transaction. */
export async function runSqlite<T>(fn: (connection: SqliteConnection) => T): Promise<T> {
  return (await sqliteHandle()).adapter().runSqlite(fn);
}

async function sqliteHandle(): Promise<SqliteHandle> {
  const opened = await openEngine();
  if (opened.engine !== "sqlite") throw new Error("runSqlite/runSqliteTransaction need the SQLite engine.");
  return opened.sqlite;
}


export async function disconnectDb(): Promise<void> {
  const opened = state.walletDb;
  state.walletDb = undefined;
  if (!opened) return;
  await opened.client.$disconnect();
  if (opened.engine === "postgresql") await opened.postgres.close();
}
