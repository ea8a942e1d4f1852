/**
 * Database migrations for both engines.
 *
 *   npm run db:migrate                    apply pending migrations to DATABASE_URL: file: → SQLite (prisma/migrations),
 *                                         postgresql:// → PostgreSQL (prisma/postgres/migrations); creates the
 *                                         data folder of a file: URL
 *   npm run db:new-migration -- <name>    after editing prisma/schema.prisma: derives prisma/postgres/schema.prisma,
 *                                         writes prisma/migrations/<ts>_<name>/ and prisma/postgres/migrations/<ts>_<name>/
 *                                         (same folder name), updates both snapshots and regenerates both clients
 *
 * Applying goes through our runner (lib/db/migrations/run-migrations.ts), not `prisma migrate deploy`: that fails
 * on PostgreSQL here and crashes on SQLite while another process holds the file (issue 9).
 * Authoring: `prisma migrate dev` needs a shadow database the JS schema engine cannot provide, so the schema as
 * of the newest migration is kept in each folder's schema-snapshot.prisma and diffed with `prisma migrate diff`
 * (datamodel to datamodel: no database involved, on either engine).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadEnvConfig } from "@next/env";
import { readMigrationFiles } from "../lib/db/migrations/migration-files";
import { DEFAULT_DATABASE_URL, databaseEngine, migrationsDirFor, redactDatabaseUrl, runMigrations } from "../lib/db/migrations/run-migrations";
import { sqliteFileFromUrl } from "../lib/db/migrations/database-url";
import { applySqliteMigrations, pendingSqliteMigrations } from "../lib/db/sqlite/migrate";
import { derivePostgresSchema, POSTGRES_SCHEMA, SQLITE_SCHEMA } from "./db/postgres-schema";

const root = path.resolve(__dirname, "..");
const prismaCli = path.join(root, "node_modules/prisma/build/index.js");
const sqliteMigrations = migrationsDirFor("sqlite", root);
const postgresMigrations = migrationsDirFor("postgresql", root);
const SNAPSHOT = "schema-snapshot.prisma";

/** DATABASE_URL as the app reads it (lib/env.ts's default), taken here directly so either engine's URL passes. */
export function configuredDatabaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/** Applies pending migrations to DATABASE_URL; returns their names. Throws a MigrationError fit to print alone. */
export async function deployMigrations(options: { log?: (line: string) => void; databaseUrl?: string } = {}): Promise<string[]> {
  const databaseUrl = options.databaseUrl ?? configuredDatabaseUrl();
  const engine = databaseEngine(databaseUrl);
  const { applied } = await runMigrations({ databaseUrl, log: options.log, migrationsDir: migrationsDirFor(engine, root) });
  return applied;
}

/**
 * Applies migrations only when some are pending, so CLI commands work on a fresh machine. Synchronous for its
 * callers (the wallet CLI): SQLite migrates in-process (better-sqlite3 is synchronous); PostgreSQL has no
 * synchronous client, so `db:migrate` runs in a child process. Silent on success: CLI commands print exactly
 * one result line on stdout.
 */
export function ensureMigrated(): void {
  const databaseUrl = configuredDatabaseUrl();
  if (databaseEngine(databaseUrl) === "sqlite") {
    const file = sqliteFileFromUrl(databaseUrl);
    const migrations = readMigrationFiles(sqliteMigrations);
    if (pendingSqliteMigrations({ file, migrations }).length > 0) applySqliteMigrations({ file, migrations });
    return;
  }
  const child = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts/migrate.ts"), "deploy", "--quiet"], {
    cwd: root,
    env: process.env,
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
  });
  if (child.status !== 0) throw new Error(child.stderr.trim() || `applying migrations failed (exit ${child.status ?? child.signal})`);
}

function prismaDiff(from: string | undefined, to: string, env: NodeJS.ProcessEnv): string {
  const fromArgs = from && existsSync(from) ? ["--from-schema-datamodel", from] : ["--from-empty"];
  return execFileSync(process.execPath, [prismaCli, "migrate", "diff", ...fromArgs, "--to-schema-datamodel", to, "--script"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
}

/** Prisma answers "-- This is an empty migration." when nothing changed: only comments, no statement. */
function hasStatements(sql: string): boolean {
  return sql.split("\n").some((line) => line.trim() !== "" && !line.trim().startsWith("--"));
}

function newMigration(name: string | undefined): void {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error("usage: npm run db:new-migration -- <name>   (lowercase letters, digits and _)");
  }
  writeFileSync(POSTGRES_SCHEMA, derivePostgresSchema(readFileSync(SQLITE_SCHEMA, "utf8")));

  // The diff runs under prisma.config.ts, which picks its driver adapter from DATABASE_URL. A throwaway SQLite
  // URL keeps it away from any real database, and with the SQLite adapter a PostgreSQL datamodel diff is
  // computed offline (a pg adapter would connect and add a `CREATE SCHEMA "public"`), so no server is needed.
  const scratch = mkdtempSync(path.join(os.tmpdir(), "migration-diff-"));
  let sqliteSql: string;
  let postgresSql: string;
  try {
    const env = { ...process.env, DATABASE_URL: `file:${path.join(scratch, "diff.db")}`, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
    sqliteSql = prismaDiff(path.join(sqliteMigrations, SNAPSHOT), SQLITE_SCHEMA, env);
    postgresSql = prismaDiff(path.join(postgresMigrations, SNAPSHOT), POSTGRES_SCHEMA, env);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (!hasStatements(sqliteSql) && !hasStatements(postgresSql)) {
    console.log("prisma/schema.prisma has no changes since the last migration.");
    return;
  }

  // One folder name on both engines, so a change is one migration whichever engine runs it. A change that
  // means nothing on one engine still gets its (empty) folder there.
  const folder = `${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${name}`;
  const written: string[] = [];
  for (const [dir, provider, sql, schema] of [
    [sqliteMigrations, "sqlite", sqliteSql, SQLITE_SCHEMA],
    [postgresMigrations, "postgresql", postgresSql, POSTGRES_SCHEMA],
  ] as const) {
    const target = path.join(dir, folder);
    mkdirSync(target, { recursive: true });
    writeFileSync(path.join(target, "migration.sql"), hasStatements(sql) ? sql : `-- No change on ${provider} in this migration.\n`);
    if (!existsSync(path.join(dir, "migration_lock.toml"))) writeFileSync(path.join(dir, "migration_lock.toml"), `provider = "${provider}"\n`);
    copyFileSync(schema, path.join(dir, SNAPSHOT));
    written.push(`${path.relative(root, target)}/migration.sql`);
  }
  execFileSync("npm", ["run", "--silent", "db:generate"], { cwd: root, stdio: "inherit" });
  console.log(`Wrote ${written.join(" and ")} — review both, then npm run db:migrate.`);
}

if (require.main === module) {
  loadEnvConfig(root, false, { info: () => {}, error: console.error });
  const [command, arg] = process.argv.slice(2);
  const quiet = process.argv.includes("--quiet");
  const main = async () => {
    if (command === "deploy") {
      const databaseUrl = configuredDatabaseUrl();
      const applied = await deployMigrations({ databaseUrl, log: quiet ? undefined : console.log });
      if (!quiet) console.log(applied.length ? `${applied.length} migration(s) applied to ${redactDatabaseUrl(databaseUrl)}.` : `No pending migrations (${redactDatabaseUrl(databaseUrl)}).`);
    } else if (command === "new") newMigration(arg);
    else throw new Error("usage: tsx scripts/migrate.ts deploy [--quiet] | new <name>");
  };
  main().catch((error: unknown) => {
    // The message alone: MigrationErrors say what happened and what to do; a stack trace would bury that.
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
