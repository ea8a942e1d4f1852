/**
 * A second app instance starting up, for the migration tests: runs runMigrations in its own process and
 * prints {"applied": [...]} on stdout, or the error's message on stderr with exit code 1.
 *   node --import tsx tests/database/support/migrate-child.ts <databaseUrl> [migrationsDir]
 */
import { runMigrations } from "../../../lib/db/migrations/run-migrations";

const [databaseUrl, migrationsDir] = process.argv.slice(2);
runMigrations({ databaseUrl: databaseUrl!, migrationsDir: migrationsDir || undefined }).then(
  (result) => process.stdout.write(JSON.stringify(result)),
  (error: unknown) => {
    process.stderr.write(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
