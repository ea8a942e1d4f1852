/** The Prisma client singleton (SQLite through the better-sqlite3 driver adapter). Server-only. */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";
import { serializedSqlite } from "@/lib/db-connection";
import { getEnv } from "@/lib/env";

export type Db = PrismaClient;
/** The handle domain functions accept so several of them can run inside one `$transaction`. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; prismaReady?: Promise<void> };

function createClient(): PrismaClient {
  const adapter = serializedSqlite(new PrismaBetterSQLite3({ url: getEnv().DATABASE_FILE, timeout: 10_000 }));
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
  })();
  await globalForPrisma.prismaReady;
  return client;
}

export async function disconnectDb(): Promise<void> {
  if (globalForPrisma.prisma) await globalForPrisma.prisma.$disconnect();
  globalForPrisma.prisma = undefined;
  globalForPrisma.prismaReady = undefined;
}
