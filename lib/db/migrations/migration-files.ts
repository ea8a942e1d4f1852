/** The migration folders of one engine, as Prisma lays them out: <dir>/<timestamp>_<name>/migration.sql. */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { MigrationError } from "./migration-error";

export type MigrationFile = {
  /** The folder name, which is also `_prisma_migrations.migration_name`. */
  name: string;
  sql: string;
  /** sha256 hex of migration.sql's bytes: what Prisma stores in `_prisma_migrations.checksum`. */
  checksum: string;
};

export function checksumOf(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Whether a file still is the one a row recorded. Like Prisma, a file whose only change is CRLF line endings
 * (a Windows checkout) still matches.
 */
export function matchesChecksum(migration: MigrationFile, recorded: string): boolean {
  return migration.checksum === recorded || checksumOf(migration.sql.replace(/\r\n/g, "\n")) === recorded;
}

/** Every folder holding a migration.sql, in name (= timestamp) order, the order Prisma applies them in. */
export function readMigrationFiles(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new MigrationError(`no migrations folder at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(dir, name, "migration.sql"));
      return { name, sql: bytes.toString("utf8"), checksum: checksumOf(bytes) };
    });
}
