/**
 * `npm run wallet -- db:backup --to FILE`: a consistent copy of the SQLite database while the app runs, through
 * SQLite's online backup API (better-sqlite3's `backup()`). Copying the file itself (cp, rsync) while the app
 * writes is not safe: in WAL mode recent commits live in wallet.db-wal until a checkpoint, and a copy taken
 * between writes can mix pages of two states — a backup that opens, yet is not any state the wallet was in.
 *
 * The backup is written under a temporary name, made self-contained (rollback journal instead of WAL, so it is
 * one file), checked with PRAGMA integrity_check, and only then renamed to FILE; an existing FILE is never
 * overwritten.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseEngine, sqliteFileFromUrl } from "@/lib/db/migrations/database-url";

/** A refusal or failure of db:backup, with a message fit to print alone. */
export class BackupError extends Error {}

export type BackupSummary = {
  file: string;
  bytes: number;
  integrity: "ok";
  /** Applied migrations recorded in the backup. */
  migrations: number;
  /** Rows per table in the backup. */
  tables: Record<string, number>;
};

export async function backupSqlite(options: { databaseUrl: string; to: string }): Promise<BackupSummary> {
  let engine;
  try {
    engine = databaseEngine(options.databaseUrl);
  } catch (error) {
    throw new BackupError((error as Error).message);
  }
  if (engine !== "sqlite") {
    throw new BackupError(
      'db:backup backs up the SQLite database; DATABASE_URL is PostgreSQL: use pg_dump (e.g. pg_dump --format=custom --file=wallet.dump "$DATABASE_URL"; README, "Deploying").',
    );
  }
  const source = sqliteFileFromUrl(options.databaseUrl);
  if (!existsSync(source)) throw new BackupError(`there is no SQLite database at ${source} (DATABASE_URL=${options.databaseUrl}).`);
  const target = path.resolve(options.to);
  if (existsSync(target)) throw new BackupError(`${target} already exists: db:backup never overwrites a file; choose a new name.`);
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;

  try {
    const database = new Database(source, { readonly: true, fileMustExist: true, timeout: 10_000 });
    try {
      // After the first step (which only sizes the backup), copy every page in one step: one read transaction,
      // so the backup is one committed state even while the app writes (in WAL mode writers are not blocked).
      await database.backup(partial, { progress: () => 0x7fffffff });
    } finally {
      database.close();
    }
    const copy = new Database(partial, { fileMustExist: true });
    let summary: Omit<BackupSummary, "file" | "bytes">;
    try {
      copy.pragma("journal_mode = DELETE");
      const integrity = copy.pragma("integrity_check", { simple: true });
      if (integrity !== "ok") throw new BackupError(`the backup failed its integrity check (${String(integrity)}); nothing was written to ${target}.`);
      const tables = (copy.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '_prisma_migrations' ORDER BY name`).all() as { name: string }[]).map(
        (row) => row.name,
      );
      const hasMigrations = copy.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
      summary = {
        integrity: "ok",
        migrations: hasMigrations ? (copy.prepare(`SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).get() as { n: number }).n : 0,
        tables: Object.fromEntries(tables.map((table) => [table, (copy.prepare(`SELECT count(*) AS n FROM "${table.replace(/"/g, '""')}"`).get() as { n: number }).n])),
      };
    } finally {
      copy.close();
    }
    renameSync(partial, target);
    return { file: target, bytes: statSync(target).size, ...summary };
  } catch (error) {
    for (const leftover of [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`]) rmSync(leftover, { force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`the backup of ${source} failed: ${(error as Error).message}`);
  }
}
