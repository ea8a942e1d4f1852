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
  const adapter = serializedSqlite(new PrismaBetterSQLite3({ url: getEnv().DATABASE_FILE, timeout: 10_000 }), (connected) => {
    globalForPrisma.sqliteAdapter = connected;
  });
  return new PrismaClient({ adapter });
}

/** Lazily created so importing this module never opens the database (e.g. during `next build`). */
export function getDb(): PrismaClient {
  globalForPrisma.prisma ??= createClient();
  return globalForPrisma.prisma;
}

/**
 * Opens the connection once with WAL (readers never block the writer) and a busy timeout
 * (writers queue instead of failing with SQLITE_BUSY). Every entry point awaits this.
 */
export async function db(): Promise<PrismaClient> {
  const client = getDb();
  globalForPrisma.prismaReady ??= (async () => {
    await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await client.$queryRawUnsafe("PRAGMA busy_timeout = 10000");
    await client.$queryRawUnsafe("PRAGMA foreign_keys = ON");
    // Explicit, not a compile-time default: a committed payment must survive a power cut.
    await client.$queryRawUnsafe("PRAGMA synchronous = FULL");
  })();
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
