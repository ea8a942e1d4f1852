/**
 * Which migrations to apply, from the folder and the `_prisma_migrations` rows, with Prisma's reading of those
 * rows: a row with rolled_back_at set does not count; one with finished_at NULL is a failed attempt that a
 * person must resolve before anything else runs.
 */
import { matchesChecksum, type MigrationFile } from "./migration-files";
import { MigrationError } from "./migration-error";

export type MigrationRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
};

export type MigrationPlan = {
  pending: MigrationFile[];
  /** Applied in the database but absent from the folder (an older checkout): reported, not an error. */
  unknown: string[];
};

export function planMigrations(files: MigrationFile[], rows: MigrationRow[], table = "_prisma_migrations"): MigrationPlan {
  const live = rows.filter((row) => row.rolled_back_at === null);
  const failed = live.find((row) => row.finished_at === null);
  if (failed) {
    throw new MigrationError(
      `migration ${failed.migration_name} failed or was interrupted in an earlier attempt (its ${table} row has no finished_at), so no migration runs until that is resolved. ` +
        `Check the database: if none of its changes are there, delete that row (DELETE FROM ${table} WHERE migration_name = '${failed.migration_name}'); ` +
        `if you completed it by hand, set its finished_at (UPDATE ${table} SET finished_at = CURRENT_TIMESTAMP, applied_steps_count = 1 WHERE migration_name = '${failed.migration_name}'). Then start again.`,
    );
  }
  const applied = new Map(live.map((row) => [row.migration_name, row.checksum]));
  for (const file of files) {
    const recorded = applied.get(file.name);
    if (recorded !== undefined && !matchesChecksum(file, recorded)) {
      throw new MigrationError(
        `migration ${file.name} was changed after it was applied to this database (its migration.sql no longer matches the checksum in ${table}). ` +
          `Restore the file as it was, and put the change in a new migration (npm run db:new-migration -- <name>).`,
      );
    }
  }
  const names = new Set(files.map((file) => file.name));
  return {
    pending: files.filter((file) => !applied.has(file.name)),
    unknown: [...applied.keys()].filter((name) => !names.has(name)),
  };
}
