/**
 * Applies SQLite migrations with better-sqlite3 instead of `prisma migrate deploy`, which crashes ("WASM_ERROR
 * … SocketTimeout") when another process holds the database's write lock (issue 9: the worker, a CLI command,
 * a second app instance). Synchronous: it runs before the app serves, and the CLI calls it inline.
 *
 * Safe with other processes: each migration runs in BEGIN IMMEDIATE (the write lock, waited for through a long
 * busy timeout) together with its `_prisma_migrations` row, and the applied list is re-read under that lock,
 * so two runners starting at once apply each migration once.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { MigrationFile } from "@/lib/db/migrations/migration-files";
import { MigrationError } from "@/lib/db/migrations/migration-error";
import { planMigrations, type MigrationRow } from "@/lib/db/migrations/plan";

// Prisma's own definition (its SQLite schema engine), so Prisma reads our rows as its own.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export const SQLITE_BUSY_TIMEOUT_MS = 60_000;

/** Prisma writes SQLite DATETIMEs as RFC 3339 text with an explicit offset. */
function prismaTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

function readRows(database: Database.Database): MigrationRow[] {
  return database
    .prepare(`SELECT "migration_name", "checksum", "finished_at", "rolled_back_at" FROM "_prisma_migrations" ORDER BY "started_at"`)
    .all() as MigrationRow[];
}

function describeSqliteError(error: unknown, file: string, busyTimeoutMs: number): string {
  const code = (error as { code?: string }).code;
  if (code === "SQLITE_BUSY") {
    return `the database ${file} stayed locked by another process for ${Math.round(busyTimeoutMs / 1000)} s (a long transaction in the app, the worker or a CLI command): stop it or try again`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Names of the migrations not yet applied (none of the file's state is changed; a missing file has them all pending). */
export function pendingSqliteMigrations(options: { file: string; migrations: MigrationFile[] }): string[] {
  if (!existsSync(options.file)) return options.migrations.map((migration) => migration.name);
  const database = new Database(options.file, { readonly: true, fileMustExist: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    const hasTable = database.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
    const rows = hasTable ? readRows(database) : [];
    return planMigrations(options.migrations, rows).pending.map((migration) => migration.name);
  } finally {
    database.close();
  }
}

/** Applies the pending migrations to the file (created, with its folder, when missing); returns their names. */
export function applySqliteMigrations(options: {
  file: string;
  migrations: MigrationFile[];
  log?: (line: string) => void;
  busyTimeoutMs?: number;
}): string[] {
  const busyTimeoutMs = options.busyTimeoutMs ?? SQLITE_BUSY_TIMEOUT_MS;
  const log = options.log ?? (() => {});
  mkdirSync(path.dirname(options.file), { recursive: true });
  let database: Database.Database;
  try {
    // timeout: SQLite's busy timeout, so a lock held by another process is waited for instead of failing.
    database = new Database(options.file, { timeout: busyTimeoutMs });
  } catch (error) {
    throw new MigrationError(`cannot open the SQLite database ${options.file}: ${describeSqliteError(error, options.file, busyTimeoutMs)}`);
  }
  const applied: string[] = [];
  try {
    // Before any transaction (inside one it is a no-op): Prisma's RedefineTables scripts drop and recreate a
    // parent table, which with foreign keys on would cascade into its children. Only this connection.
    database.pragma("foreign_keys = OFF");
    database.exec(CREATE_MIGRATIONS_TABLE);
    const { pending, unknown } = planMigrations(options.migrations, readRows(database));
    if (unknown.length) log(`applied here but not in this checkout (an older version?): ${unknown.join(", ")}`);

    for (const migration of pending) {
      try {
        database.exec("BEGIN IMMEDIATE");
        // Another process may have applied it while we waited for the write lock.
        const stillPending = planMigrations(options.migrations, readRows(database)).pending.some((m) => m.name === migration.name);
        if (!stillPending) {
          database.exec("COMMIT");
          continue;
        }
        const startedAt = new Date();
        database.exec(migration.sql);
        // Foreign keys are off while migrating, so check what they would have refused before committing.
        const violations = database.prepare("PRAGMA foreign_key_check").all() as { table: string; parent: string }[];
        if (violations.length) {
          const tables = [...new Set(violations.map((v) => `${v.table} → ${v.parent}`))].join(", ");
          throw new Error(`it leaves ${violations.length} row(s) whose foreign key points nowhere (${tables})`);
        }
        database
          .prepare(
            `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count") VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
          )
          .run(randomUUID(), migration.checksum, prismaTimestamp(new Date()), migration.name, prismaTimestamp(startedAt));
        database.exec("COMMIT");
        applied.push(migration.name);
        log(`applied migration ${migration.name}`);
      } catch (error) {
        if (database.inTransaction) database.exec("ROLLBACK");
        if (error instanceof MigrationError) throw error;
        throw new MigrationError(
          `migration ${migration.name} failed and was rolled back (nothing of it was applied): ${describeSqliteError(error, options.file, busyTimeoutMs)}`,
          { cause: error },
        );
      }
    }
    return applied;
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    throw new MigrationError(`migrating ${options.file} failed: ${describeSqliteError(error, options.file, busyTimeoutMs)}`, { cause: error });
  } finally {
    database.close();
  }
}
