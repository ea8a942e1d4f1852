/** The Prisma client singleton (SQLite through the better-sqlite3 driver adapter). Server-only. */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";
import { serializedSqlite, type SerializedSqliteAdapter, type SqliteConnection } from "@/lib/db-connection";
import { getEnv } from "@/lib/env";

export type Db = PrismaClient;
export type { SqliteConnection };
/** The handle domain functions accept so several of them can run inside one `$transaction`. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const globalForPrisma = globalThis as unknown as {
  prisma?: PrismaClient;
  prismaReady?: Promise<void>;
  sqliteAdapter?: SerializedSqliteAdapter;
};

function createClient(): PrismaClient {
  // timeout: SQLite's busy timeout, so a writer from another process (CLI, worker) is waited for.
  const adapter = serializedSqlite(new PrismaBetterSQLite3({ url: getEnv().DATABASE_FILE, timeout: 10_000 }), (connected) => {
    globalForPrisma.sqliteAdapter = connected;
  });
  return new PrismaClient({ adapter });
}

/** Lazily created so importing this module never opens the database (e.g. during `next build`). */
function getDb(): PrismaClient {
  globalForPrisma.prisma ??= createClient();
  return globalForPrisma.prisma;
}

/**
 * The client, connected: the connection's settings (WAL, foreign keys, synchronous=FULL) are applied
 * when it opens (lib/db-connection.ts), its busy timeout by the adapter. Every entry point awaits this.
 */
export async function db(): Promise<PrismaClient> {
  const client = getDb();
  globalForPrisma.prismaReady ??= client.$connect();
  await globalForPrisma.prismaReady;
  return client;
}

/**
 * Runs synchronous better-sqlite3 statements in one BEGIN IMMEDIATE transaction on the app's connection,
 * queued with Prisma's queries and transactions (lib/db-connection.ts). For hot paths only: statements
 * write the same formats Prisma does (dates via `sqliteDate`).
 */
export async function runSqliteTransaction<T>(fn: (connection: SqliteConnection) => T): Promise<T> {
  return (await sqliteAdapter()).runSqliteTransaction(fn);
}

/** The same for a single synchronous read outside a transaction. */
export async function runSqlite<T>(fn: (connection: SqliteConnection) => T): Promise<T> {
  return (await sqliteAdapter()).runSqlite(fn);
}

async function sqliteAdapter(): Promise<SerializedSqliteAdapter> {
  await db();
  const adapter = globalForPrisma.sqliteAdapter;
  if (!adapter) throw new Error("The SQLite connection is not open.");
  return adapter;
}

/** A date as Prisma's SQLite adapter stores it (ISO 8601 with "+00:00"), so raw and Prisma rows compare. */
export function sqliteDate(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

export async function disconnectDb(): Promise<void> {
  if (globalForPrisma.prisma) await globalForPrisma.prisma.$disconnect();
  globalForPrisma.prisma = undefined;
  globalForPrisma.prismaReady = undefined;
  globalForPrisma.sqliteAdapter = undefined;
}
