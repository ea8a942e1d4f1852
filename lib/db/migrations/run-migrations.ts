/**
 * One migration runner for both engines (ours, not Prisma's CLI: `migrate deploy` fails on PostgreSQL here and
 * crashes on a busy SQLite file). The URL picks the engine and its migrations folder:
 *   file:…                          SQLite      prisma/migrations
 *   postgresql://… | postgres://…   PostgreSQL  prisma/postgres/migrations
 * Both keep Prisma's `_prisma_migrations` bookkeeping, so `prisma migrate status` agrees afterwards.
 */
import path from "node:path";
import { applyPostgresMigrations, pendingPostgresMigrations } from "@/lib/db/postgres/migrate";
import { applySqliteMigrations, pendingSqliteMigrations } from "@/lib/db/sqlite/migrate";
import { databaseEngine, sqliteFileFromUrl, type DatabaseEngine } from "./database-url";
import { readMigrationFiles } from "./migration-files";

export { MigrationError } from "./migration-error";
export { databaseEngine, redactDatabaseUrl, DEFAULT_DATABASE_URL, type DatabaseEngine } from "./database-url";

export type RunMigrationsOptions = {
  databaseUrl: string;
  log?: (line: string) => void;
  /** Another migrations folder (tests); default: the engine's folder under the working directory. */
  migrationsDir?: string;
};

/** The engine's committed migrations folder (relative to the working directory, like a file: URL). */
export function migrationsDirFor(engine: DatabaseEngine, root: string = process.cwd()): string {
  return path.join(root, engine === "sqlite" ? "prisma/migrations" : "prisma/postgres/migrations");
}

/**
 * Applies every pending migration, in order, each at most once even with other processes doing the same.
 * Throws a MigrationError (a message fit to print alone) for an unknown scheme, an unreachable server, a
 * changed or failed migration.
 */
export async function runMigrations(options: RunMigrationsOptions): Promise<{ applied: string[] }> {
  const engine = databaseEngine(options.databaseUrl);
  const migrations = readMigrationFiles(options.migrationsDir ?? migrationsDirFor(engine));
  if (engine === "sqlite") {
    return { applied: applySqliteMigrations({ file: sqliteFileFromUrl(options.databaseUrl), migrations, log: options.log }) };
  }
  return { applied: await applyPostgresMigrations({ url: options.databaseUrl, migrations, log: options.log }) };
}

/** Names of the migrations runMigrations would apply now (reads only). */
export async function pendingMigrations(options: Omit<RunMigrationsOptions, "log">): Promise<string[]> {
  const engine = databaseEngine(options.databaseUrl);
  const migrations = readMigrationFiles(options.migrationsDir ?? migrationsDirFor(engine));
  if (engine === "sqlite") return pendingSqliteMigrations({ file: sqliteFileFromUrl(options.databaseUrl), migrations });
  return pendingPostgresMigrations({ url: options.databaseUrl, migrations });
}
