/**
 * Applies PostgreSQL migrations with node-postgres: Prisma 6.19's `migrate deploy` fails on PostgreSQL here
 * (adapter-pg lacks the `name` column type, prisma/orm#27403), so this does what it does:
 *  - Prisma's advisory lock (72707369), held on one dedicated connection while checking and applying, so two
 *    app instances starting at once (or this and a Prisma CLI) apply each migration once;
 *  - each migration.sql in its own transaction together with its `_prisma_migrations` row: PostgreSQL DDL is
 *    transactional, so a failing migration leaves nothing half-applied and no row.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { postgresHostPort } from "@/lib/db/migrations/database-url";
import type { MigrationFile } from "@/lib/db/migrations/migration-files";
import { MigrationError } from "@/lib/db/migrations/migration-error";
import { planMigrations, type MigrationRow } from "@/lib/db/migrations/plan";

/** Prisma Migrate's own lock id, so our runner and Prisma's CLI exclude each other too. */
export const PRISMA_ADVISORY_LOCK_ID = 72707369;

// Prisma's own definition (its PostgreSQL schema engine), so Prisma reads our rows as its own.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

export type PostgresMigrateOptions = {
  url: string;
  migrations: MigrationFile[];
  log?: (line: string) => void;
  /** How long to wait for the server to accept the connection. */
  connectTimeoutMs?: number;
  /** How long to wait for another process's migrations (the advisory lock) before giving up. */
  lockTimeoutMs?: number;
};

function describePgError(error: unknown): string {
  const e = error as { message?: string; detail?: string; hint?: string; code?: string };
  const parts = [e.message ?? String(error)];
  if (e.detail) parts.push(e.detail);
  if (e.hint) parts.push(`hint: ${e.hint}`);
  return parts.join(" — ");
}

async function connect(options: PostgresMigrateOptions): Promise<pg.Client> {
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  const client = new pg.Client({
    connectionString: options.url,
    connectionTimeoutMillis: timeoutMs,
    application_name: "opencharge-wallet migrations",
  });
  // A connection dropped by the server (restart) emits 'error' outside any query; the query in flight
  // rejects anyway, and an unhandled 'error' event would crash the process with a stack trace.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    const reason = /timeout/i.test(describePgError(error)) ? `no answer within ${timeoutMs / 1000} s` : describePgError(error);
    // The message names host:port only: the URL may carry a password.
    throw new MigrationError(`cannot reach PostgreSQL at ${postgresHostPort(options.url)}: ${reason}`, { cause: error });
  }
  return client;
}

async function readRows(client: pg.Client): Promise<MigrationRow[]> {
  const exists = await client.query<{ found: string | null }>(`SELECT to_regclass('_prisma_migrations')::text AS found`);
  if (!exists.rows[0]?.found) return [];
  const result = await client.query<MigrationRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at`,
  );
  return result.rows;
}

/** Names of the migrations not yet applied; reads only (no lock, no table created). */
export async function pendingPostgresMigrations(options: PostgresMigrateOptions): Promise<string[]> {
  const client = await connect(options);
  try {
    return planMigrations(options.migrations, await readRows(client)).pending.map((migration) => migration.name);
  } finally {
    await client.end().catch(() => {});
  }
}

async function takeLock(client: pg.Client, options: PostgresMigrateOptions): Promise<void> {
  const free = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [PRISMA_ADVISORY_LOCK_ID]);
  if (free.rows[0]?.locked) return;
  const waitMs = options.lockTimeoutMs ?? 10 * 60_000;
  options.log?.("another process is applying migrations: waiting for it");
  await client.query(`SET lock_timeout = ${Math.max(1, Math.round(waitMs))}`);
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK_ID]);
  } catch (error) {
    if ((error as { code?: string }).code === "55P03") {
      throw new MigrationError(
        `another process held the migration lock (pg_advisory_lock ${PRISMA_ADVISORY_LOCK_ID}) for ${Math.round(waitMs / 1000)} s: wait for its migrations to finish, or find the session holding it in pg_locks`,
      );
    }
    throw error;
  }
  await client.query("RESET lock_timeout");
}

/** Applies the pending migrations; returns their names. */
export async function applyPostgresMigrations(options: PostgresMigrateOptions): Promise<string[]> {
  const log = options.log ?? (() => {});
  const client = await connect(options);
  let locked = false;
  const applied: string[] = [];
  try {
    await takeLock(client, options);
    locked = true;
    await client.query(CREATE_MIGRATIONS_TABLE);
    // Read under the lock: nobody else applies migrations until we release it.
    const { pending, unknown } = planMigrations(options.migrations, await readRows(client));
    if (unknown.length) log(`applied here but not in this checkout (an older version?): ${unknown.join(", ")}`);

    for (const migration of pending) {
      const startedAt = new Date();
      try {
        await client.query("BEGIN");
        // No parameters: node-postgres sends it as a simple query, which may hold many statements.
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, $4, 1)`,
          [randomUUID(), migration.checksum, migration.name, startedAt],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw new MigrationError(`migration ${migration.name} failed and was rolled back (nothing of it was applied): ${describePgError(error)}`, {
          cause: error,
        });
      }
      applied.push(migration.name);
      log(`applied migration ${migration.name}`);
    }
    return applied;
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    throw new MigrationError(`migrating PostgreSQL at ${postgresHostPort(options.url)} failed: ${describePgError(error)}`, { cause: error });
  } finally {
    // Closing the session releases the lock too; unlocking first frees it even if end() is slow.
    if (locked) await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK_ID]).catch(() => {});
    await client.end().catch(() => {});
  }
}
