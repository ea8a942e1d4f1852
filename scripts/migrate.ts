/**
 * Database migrations through Prisma's JS schema engine (the native engines cannot be downloaded here).
 *
 *   npm run db:migrate                    apply pending migrations to DATABASE_URL (creates the data folder)
 *   npm run db:new-migration -- <name>    write prisma/migrations/<timestamp>_<name>/migration.sql from the
 *                                         change between the last migrated schema and prisma/schema.prisma
 *
 * `prisma migrate dev` needs a shadow database the JS engine cannot provide from the second migration on,
 * so the schema as of the newest migration is kept in prisma/migrations/schema-snapshot.prisma and diffed.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadEnvConfig } from "@next/env";
import Database from "better-sqlite3";
import { sqliteFilePath } from "../lib/env";

const root = path.resolve(__dirname, "..");
const prismaCli = path.join(root, "node_modules/prisma/build/index.js");
const migrationsDir = path.join(root, "prisma/migrations");
const snapshot = path.join(migrationsDir, "schema-snapshot.prisma");
const schema = path.join(root, "prisma/schema.prisma");

function prisma(args: string[], capture: boolean | undefined = false): string {
  const out = execFileSync(process.execPath, [prismaCli, ...args], {
    cwd: root,
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: capture ? ["ignore", "pipe", "inherit"] : "inherit",
    encoding: "utf8",
  });
  return capture ? out : "";
}

export function deployMigrations(options: { quiet?: boolean } = {}): void {
  const file = sqliteFilePath(process.env.DATABASE_URL);
  mkdirSync(path.dirname(file), { recursive: true });
  prisma(["migrate", "deploy"], options.quiet);
}

/** Applies migrations only when some are pending, so commands that need the database work on a fresh machine. */
export function ensureMigrated(): void {
  const file = sqliteFilePath(process.env.DATABASE_URL);
  const expected = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  let applied: string[] = [];
  if (existsSync(file)) {
    const database = new Database(file, { readonly: true, fileMustExist: true });
    try {
      applied = (database.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL").all() as { migration_name: string }[]).map(
        (row) => row.migration_name,
      );
    } catch {
      applied = []; // no migrations table yet
    } finally {
      database.close();
    }
  }
  // Quiet: CLI commands print exactly one result line on stdout.
  if (expected.some((name) => !applied.includes(name))) deployMigrations({ quiet: true });
}

function newMigration(name: string | undefined): void {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error("usage: npm run db:new-migration -- <name>   (lowercase letters, digits and _)");
  }
  const from = existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
  const sql = prisma(["migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"], true);
  if (!/\b(CREATE|ALTER|DROP|INSERT)\b/i.test(sql)) {
    console.log("prisma/schema.prisma has no changes since the last migration.");
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(migrationsDir, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  if (!existsSync(path.join(migrationsDir, "migration_lock.toml"))) {
    writeFileSync(path.join(migrationsDir, "migration_lock.toml"), 'provider = "sqlite"\n');
  }
  copyFileSync(schema, snapshot);
  console.log(`Wrote ${path.relative(root, dir)}/migration.sql — review it, then npm run db:migrate.`);
}

if (require.main === module) {
  loadEnvConfig(root);
  const [command, arg] = process.argv.slice(2);
  try {
    if (command === "deploy") deployMigrations();
    else if (command === "new") newMigration(arg);
    else throw new Error("usage: tsx scripts/migrate.ts deploy | new <name>");
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
