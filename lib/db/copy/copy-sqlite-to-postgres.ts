/**
 * Copies every row of a SQLite wallet into an empty PostgreSQL database (`npm run wallet -- db:copy --to …`):
 *  1. both at the same migration level: the source has no pending (or unknown) migration, the target is migrated
 *     by our runner and then holds exactly its engine's migrations (PostgreSQL starts from a baseline, so the
 *     two histories are compared by "fully migrated", not name by name), and the two schemas have the same
 *     tables and columns with matching types — read from both catalogs, so a new table is never skipped;
 *  2. the target holds no rows (two wallets are never merged);
 *  3. one PostgreSQL transaction (all or nothing): tables locked, in foreign-key order (from the target's
 *     catalog), rows streamed from one SQLite read transaction (a consistent snapshot even while the app
 *     writes) in multi-row INSERTs of at most `batchRows` rows, values converted (ISO text dates → timestamp,
 *     0/1 → boolean, 64-bit integers exact); the row counts compared per table before COMMIT.
 * `_prisma_migrations` is not copied: the target has its own. Messages never carry the URL's password.
 */
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseEngine, postgresHostPort, redactDatabaseUrl, sqliteFileFromUrl } from "@/lib/db/migrations/database-url";
import { MigrationError } from "@/lib/db/migrations/migration-error";
import { readMigrationFiles } from "@/lib/db/migrations/migration-files";
import { planMigrations, type MigrationRow } from "@/lib/db/migrations/plan";
import { migrationsDirFor, runMigrations } from "@/lib/db/migrations/run-migrations";
import { orderTables, TableOrderError } from "./table-order";
import { postgresTypeForSqlite, toPostgresParameter, ValueError, type PostgresParameter } from "./sqlite-values";

/** A refusal or failure of db:copy, with a message fit to print alone (what happened, what to do). */
export class CopyError extends Error {}

export type CopySummary = {
  source: string;
  /** The target URL without its password. */
  target: string;
  /** Migrations applied on each side (PostgreSQL's history starts from a baseline) and the newest of each. */
  migrations: { source: number; target: number; sourceLatest: string; targetLatest: string };
  /** Rows per table, in the order they were copied. */
  tables: Record<string, number>;
  rows: number;
};

export type CopyOptions = {
  sourceUrl: string;
  targetUrl: string;
  /** Rows per INSERT (fewer when a table has so many columns that PostgreSQL's 65,535 parameters would not do). */
  batchRows?: number;
  log?: (line: string) => void;
};

type Column = { name: string; type: string; notNull: boolean };
const MIGRATIONS_TABLE = "_prisma_migrations";
const MAX_PARAMETERS = 65_535;
const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

function describePgError(error: unknown): string {
  const e = error as { message?: string; detail?: string };
  return [e.message ?? String(error), e.detail].filter(Boolean).join(" — ");
}

/** The target URL checked before anything connects: PostgreSQL, parsable; named by host:port in messages. */
function checkTargetUrl(url: string): void {
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0];
    throw new CopyError(
      `--to must be a PostgreSQL URL (postgresql://user:password@host:5432/database)${scheme ? `, not a ${JSON.stringify(scheme)} URL` : ""}.`,
    );
  }
  try {
    new URL(url);
  } catch {
    throw new CopyError("--to is not a valid URL: postgresql://user:password@host:5432/database (percent-encode special characters of the password).");
  }
}

function sqliteTables(source: Database.Database): Map<string, Column[]> {
  const names = (source.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> ?`).all(MIGRATIONS_TABLE) as { name: string }[]).map(
    (row) => row.name,
  );
  return new Map(
    names.map((table) => [
      table,
      (source.prepare(`SELECT name, type, "notnull" AS "notNull" FROM pragma_table_info(?) ORDER BY cid`).all(table) as { name: string; type: string; notNull: number }[]).map(
        (column) => ({ name: column.name, type: column.type, notNull: column.notNull === 1 }),
      ),
    ]),
  );
}

async function postgresTables(client: pg.Client): Promise<Map<string, Column[]>> {
  const { rows } = await client.query<{ table: string; name: string; type: string; notNull: boolean }>(`
    SELECT c.relname AS "table", a.attname AS "name", t.typname AS "type", a.attnotnull AS "notNull"
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_type t ON t.oid = a.atttypid
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '${MIGRATIONS_TABLE}'
     ORDER BY c.relname, a.attnum`);
  const tables = new Map<string, Column[]>();
  for (const row of rows) {
    const columns = tables.get(row.table) ?? [];
    columns.push({ name: row.name, type: row.type, notNull: row.notNull });
    tables.set(row.table, columns);
  }
  return tables;
}

async function foreignKeys(client: pg.Client): Promise<Map<string, Set<string>>> {
  const { rows } = await client.query<{ child: string; parent: string }>(`
    SELECT child.relname AS "child", parent.relname AS "parent"
      FROM pg_constraint k
      JOIN pg_class child ON child.oid = k.conrelid
      JOIN pg_class parent ON parent.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = child.relnamespace
     WHERE k.contype = 'f' AND n.nspname = current_schema()`);
  const references = new Map<string, Set<string>>();
  for (const row of rows) references.set(row.child, (references.get(row.child) ?? new Set()).add(row.parent));
  return references;
}

/** Tables of the target that hold rows, with their counts. */
async function tablesWithRows(client: pg.Client, tables: string[]): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(table)}`);
    const count = Number(rows[0]?.n ?? 0);
    if (count > 0) found[table] = count;
  }
  return found;
}

function refuseRows(found: Record<string, number>): void {
  const list = Object.entries(found).map(([table, count]) => `${table}: ${count}`);
  if (list.length === 0) return;
  throw new CopyError(
    `the target database already holds rows (${list.join(", ")}): db:copy never merges two wallets. Give it a new, empty database (CREATE DATABASE …) and run it again.`,
  );
}

/** The two schemas must hold the same tables and columns, with the PostgreSQL type Prisma maps each SQLite type to. */
function compareSchemas(source: Map<string, Column[]>, target: Map<string, Column[]>): void {
  const problems: string[] = [];
  for (const table of source.keys()) if (!target.has(table)) problems.push(`table ${table} is only in the source`);
  for (const table of target.keys()) if (!source.has(table)) problems.push(`table ${table} is only in the target`);
  for (const [table, columns] of source) {
    const targetColumns = new Map((target.get(table) ?? []).map((column) => [column.name, column]));
    if (!target.has(table)) continue;
    for (const column of columns) {
      const other = targetColumns.get(column.name);
      if (!other) {
        problems.push(`column ${table}.${column.name} is only in the source`);
        continue;
      }
      targetColumns.delete(column.name);
      const expected = postgresTypeForSqlite(column.type);
      if (expected !== other.type) problems.push(`column ${table}.${column.name} is ${column.type} in the source and ${other.type} in the target`);
      if (column.notNull !== other.notNull) problems.push(`column ${table}.${column.name} is ${column.notNull ? "NOT NULL" : "nullable"} in the source only`);
    }
    for (const name of targetColumns.keys()) problems.push(`column ${table}.${name} is only in the target`);
  }
  if (problems.length > 0) {
    throw new CopyError(`the source and target schemas differ (${problems.slice(0, 8).join("; ")}${problems.length > 8 ? `; and ${problems.length - 8} more` : ""}): both must be migrated by this checkout.`);
  }
}

function checkSourceMigrations(source: Database.Database): { count: number; latest: string } {
  const files = readMigrationFiles(migrationsDirFor("sqlite"));
  const hasTable = source.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(MIGRATIONS_TABLE);
  const rows = hasTable ? (source.prepare(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM ${MIGRATIONS_TABLE}`).all() as MigrationRow[]) : [];
  let plan;
  try {
    plan = planMigrations(files, rows);
  } catch (error) {
    throw new CopyError(`the source database's migrations are not in order: ${(error as Error).message}`);
  }
  if (plan.pending.length > 0) {
    throw new CopyError(
      `the source database has ${plan.pending.length} pending migration(s) (${plan.pending.map((m) => m.name).join(", ")}): run npm run db:migrate first, so source and target are at the same migration level.`,
    );
  }
  if (plan.unknown.length > 0) {
    throw new CopyError(`the source database has migrations this checkout does not know (${plan.unknown.join(", ")}): it was migrated by a newer version; copy it with that version.`);
  }
  return { count: files.length, latest: files.at(-1)?.name ?? "" };
}

async function checkTargetMigrations(client: pg.Client): Promise<{ count: number; latest: string }> {
  const files = readMigrationFiles(migrationsDirFor("postgresql"));
  const { rows } = await client.query<MigrationRow>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM ${MIGRATIONS_TABLE}`);
  const plan = planMigrations(files, rows);
  if (plan.pending.length > 0 || plan.unknown.length > 0) {
    throw new CopyError(
      `the target database is not at this checkout's migration level (pending: ${plan.pending.map((m) => m.name).join(", ") || "none"}; unknown: ${plan.unknown.join(", ") || "none"}).`,
    );
  }
  return { count: files.length, latest: files.at(-1)?.name ?? "" };
}

async function connectTarget(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, application_name: "opencharge-wallet db:copy" });
  client.on("error", () => undefined); // a dropped connection rejects the query in flight; no crash
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    const reason = /timeout/i.test(describePgError(error)) ? "no answer within 10 s" : describePgError(error);
    throw new CopyError(`cannot reach PostgreSQL at ${postgresHostPort(url)}: ${reason}`);
  }
  return client;
}

/** Copies one table: streams its rows from the open SQLite read transaction into multi-row INSERTs. */
async function copyTable(source: Database.Database, client: pg.Client, table: string, columns: Column[], batchRows: number): Promise<number> {
  const rowsPerInsert = Math.max(1, Math.min(batchRows, Math.floor(MAX_PARAMETERS / columns.length)));
  const names = columns.map((column) => quote(column.name)).join(", ");
  const statement = source.prepare(`SELECT ${names} FROM ${quote(table)}`).raw(true).safeIntegers(true);
  let copied = 0;
  let batch: PostgresParameter[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    let parameter = 0;
    const values = batch.map((row) => `(${row.map(() => `$${++parameter}`).join(", ")})`).join(", ");
    try {
      await client.query(`INSERT INTO ${quote(table)} (${names}) VALUES ${values}`, batch.flat());
    } catch (error) {
      throw new CopyError(`writing rows ${copied + 1}–${copied + batch.length} of ${table} failed, so nothing was copied (the transaction was rolled back): ${describePgError(error)}`);
    }
    copied += batch.length;
    batch = [];
  };
  for (const row of statement.iterate() as IterableIterator<unknown[]>) {
    batch.push(
      columns.map((column, i) => {
        try {
          return toPostgresParameter(row[i], column.type);
        } catch (error) {
          if (error instanceof ValueError) throw new CopyError(`cannot copy ${table}.${column.name} of row ${copied + batch.length + 1}: ${error.message}. Nothing was copied.`);
          throw error;
        }
      }),
    );
    if (batch.length >= rowsPerInsert) await flush();
  }
  await flush();
  return copied;
}

/** Moves serial/identity sequences past the copied ids (no table of ours has one today; a future one might). */
async function advanceSequences(client: pg.Client, tables: Map<string, Column[]>): Promise<void> {
  for (const [table, columns] of tables) {
    for (const column of columns) {
      const { rows } = await client.query<{ sequence: string | null }>(`SELECT pg_get_serial_sequence($1, $2) AS "sequence"`, [quote(table), column.name]);
      const sequence = rows[0]?.sequence;
      if (!sequence) continue;
      await client.query(
        `SELECT setval($1, COALESCE((SELECT max(${quote(column.name)}) FROM ${quote(table)}), 1), (SELECT count(*) > 0 FROM ${quote(table)}))`,
        [sequence],
      );
    }
  }
}

/**
 * The checks that need no PostgreSQL connection: the source is a migrated SQLite file of this checkout, the
 * target a PostgreSQL URL. Returns the source file. (copySqliteToPostgres runs them too.)
 */
export function checkCopyInputs(options: { sourceUrl: string; targetUrl: string }): string {
  let sourceEngine;
  try {
    sourceEngine = databaseEngine(options.sourceUrl);
  } catch (error) {
    throw new CopyError((error as Error).message);
  }
  if (sourceEngine !== "sqlite") {
    throw new CopyError("db:copy copies a SQLite wallet (DATABASE_URL=file:…) into PostgreSQL; DATABASE_URL already is PostgreSQL: copy it with pg_dump and pg_restore.");
  }
  checkTargetUrl(options.targetUrl);
  const file = sqliteFileFromUrl(options.sourceUrl);
  if (!existsSync(file)) throw new CopyError(`there is no SQLite database at ${file} (DATABASE_URL=${options.sourceUrl}).`);
  const source = new Database(file, { readonly: true, fileMustExist: true, timeout: 10_000 });
  try {
    checkSourceMigrations(source);
  } finally {
    source.close();
  }
  return file;
}

export async function copySqliteToPostgres(options: CopyOptions): Promise<CopySummary> {
  const log = options.log ?? (() => {});
  const batchRows = options.batchRows ?? 1000;
  const file = checkCopyInputs(options);

  const source = new Database(file, { readonly: true, fileMustExist: true, timeout: 10_000 });
  let client: pg.Client | undefined;
  try {
    const sourceMigrations = checkSourceMigrations(source);
    const target = redactDatabaseUrl(options.targetUrl);
    client = await connectTarget(options.targetUrl);

    // Before migrating anything: a database holding rows, or tables of something else, is not ours to touch.
    const sourceSchema = sqliteTables(source);
    const existing = await postgresTables(client);
    const foreign = [...existing.keys()].filter((table) => !sourceSchema.has(table));
    if (foreign.length > 0) {
      throw new CopyError(`the target database holds tables that are not the wallet's (${foreign.slice(0, 5).join(", ")}): give db:copy a new, empty database.`);
    }
    refuseRows(await tablesWithRows(client, [...existing.keys()]));

    log(`migrating the target ${target}`);
    try {
      await runMigrations({ databaseUrl: options.targetUrl, log });
    } catch (error) {
      throw new CopyError(error instanceof MigrationError ? `migrating the target failed: ${error.message}` : String(error));
    }
    const targetMigrations = await checkTargetMigrations(client);
    // Both engines' folders end with the same migration (npm run db:new-migration writes both): a checkout whose
    // folders disagree cannot vouch for the two schemas being the same.
    if (targetMigrations.latest !== sourceMigrations.latest) {
      throw new CopyError(`this checkout's newest migrations differ between the engines (SQLite ${sourceMigrations.latest}, PostgreSQL ${targetMigrations.latest}); npm run db:new-migration writes both folders under one name.`);
    }
    const targetSchema = await postgresTables(client);
    compareSchemas(sourceSchema, targetSchema);
    let order: string[];
    try {
      order = orderTables([...targetSchema.keys()], await foreignKeys(client));
    } catch (error) {
      if (error instanceof TableOrderError) throw new CopyError(error.message);
      throw error;
    }

    // One snapshot of the source for the whole copy (a SQLite read transaction: writers of a running app
    // go on; what they write after this point is not copied).
    source.exec("BEGIN");
    const counts = new Map(order.map((table) => [table, Number((source.prepare(`SELECT count(*) AS n FROM ${quote(table)}`).get() as { n: number }).n)]));

    await client.query("BEGIN");
    try {
      // No other session writes into the tables while they fill (an app pointed here too early, a second copy).
      await client.query(`LOCK TABLE ${order.map(quote).join(", ")} IN EXCLUSIVE MODE`);
      refuseRows(await tablesWithRows(client, order));
      const tables: Record<string, number> = {};
      for (const table of order) {
        const copied = await copyTable(source, client, table, targetSchema.get(table)!, batchRows);
        const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(table)}`);
        if (copied !== counts.get(table) || Number(rows[0]?.n) !== copied) {
          throw new CopyError(`row counts of ${table} differ (source ${counts.get(table)}, copied ${copied}, target ${rows[0]?.n}): nothing was copied.`);
        }
        tables[table] = copied;
        log(`copied ${table}: ${copied} row(s)`);
      }
      await advanceSequences(client, targetSchema);
      await client.query("COMMIT");
      return {
        source: options.sourceUrl,
        target,
        migrations: { source: sourceMigrations.count, target: targetMigrations.count, sourceLatest: sourceMigrations.latest, targetLatest: targetMigrations.latest },
        tables,
        rows: Object.values(tables).reduce((sum, n) => sum + n, 0),
      };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      if (error instanceof CopyError) throw error;
      throw new CopyError(`copying failed and was rolled back (the target holds none of it): ${describePgError(error)}`);
    }
  } finally {
    if (source.inTransaction) source.exec("ROLLBACK");
    source.close();
    await client?.end().catch(() => undefined);
  }
}
