/**
 * The migration runner (lib/db/migrations) on both engines: Prisma's bookkeeping kept true (Prisma's own
 * `migrate status` agrees), each migration applied once with two runners at once, waiting for other
 * processes instead of failing (issue 9), refusing changed or unfinished migrations, and a failing migration
 * leaving nothing behind. The PostgreSQL half runs on a throwaway cluster (scripts/db/pg-cluster.ts).
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MigrationError, pendingMigrations, runMigrations } from "@/lib/db/migrations/run-migrations";
import { findPostgresBinDir, startThrowawayCluster, type ThrowawayCluster } from "@/scripts/db/pg-cluster";

const root = process.cwd();
const SQLITE_MIGRATIONS = path.join(root, "prisma/migrations");
const POSTGRES_MIGRATIONS = path.join(root, "prisma/postgres/migrations");
const prismaCli = path.join(root, "node_modules/prisma/build/index.js");
const childScript = path.join(root, "tests/database/support/migrate-child.ts");
const holderScript = path.join(root, "tests/database/support/hold-sqlite-write-lock.ts");

const migrationNames = (dir: string) => readdirSync(dir).filter((name) => existsSync(path.join(dir, name, "migration.sql"))).sort();
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "migrations-test-"));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

let folders = 0;
/** A migrations folder of the first `count` real migrations of `source`, plus `extra` ones ({ name: sql }). */
function migrationsFolder(source: string, count: number, extra: Record<string, string> = {}): string {
  const dir = path.join(scratch, `migrations-${++folders}`);
  mkdirSync(dir, { recursive: true });
  for (const name of migrationNames(source).slice(0, count)) cpSync(path.join(source, name), path.join(dir, name), { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

/** The Prisma CLI under prisma.config.ts, which picks the engine from DATABASE_URL. */
function prisma(args: string[], databaseUrl: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [prismaCli, ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** `prisma migrate diff --from-empty` to a schema: the SQL Prisma would create it with (offline, see scripts/migrate.ts). */
function datamodelScript(schema: string): string {
  const diff = spawnSync(process.execPath, [prismaCli, "migrate", "diff", "--from-empty", "--to-schema-datamodel", schema, "--script"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${path.join(scratch, "diff.db")}`, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  if (diff.status !== 0) throw new Error(`prisma migrate diff failed: ${diff.stderr}`);
  return diff.stdout;
}

type ChildResult = { code: number | null; applied: string[]; stderr: string };
function runChild(databaseUrl: string, migrationsDir = ""): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", childScript, databaseUrl, migrationsDir], { cwd: root });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.on("exit", (code) => resolve({ code, applied: code === 0 ? (JSON.parse(stdout) as { applied: string[] }).applied : [], stderr }));
  });
}

/** Starts another process holding SQLite's write lock for `ms`; resolves once it holds it. */
async function holdSqliteWriteLock(file: string, ms: number, journalMode: "wal" | "delete" = "wal"): Promise<{ released: Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", holderScript, file, String(ms), journalMode], { cwd: root });
  let output = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  const released = new Promise<void>((resolve, reject) =>
    // The error line only: tsx's stack carries inline source maps that upset vitest's reporter.
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`lock holder failed: ${stderr.split("\n").find((line) => /Error/.test(line)) ?? code}`)))),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk;
      if (output.includes("holding")) resolve();
    });
    released.catch(reject);
  });
  return { released };
}

type Row = { id: string; checksum: string; finished_at: unknown; started_at: unknown; migration_name: string; logs: string | null; rolled_back_at: unknown; applied_steps_count: number };

function expectRowsToRecord(rows: Row[], dir: string) {
  expect(rows.map((row) => row.migration_name)).toEqual(migrationNames(dir));
  for (const row of rows) {
    expect(row.checksum).toBe(sha256(path.join(dir, row.migration_name, "migration.sql")));
    expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(row.finished_at).not.toBeNull();
    expect(row.rolled_back_at).toBeNull();
    expect(row.logs).toBeNull();
    expect(Number(row.applied_steps_count)).toBe(1);
  }
}

it("refuses a DATABASE_URL of another scheme, naming the accepted ones and never the password", async () => {
  const error = await runMigrations({ databaseUrl: "mysql://root:hunter2@db/wallet" }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MigrationError);
  expect((error as Error).message).toMatch(/"mysql:".*file:.*postgresql:\/\//);
  expect((error as Error).message).not.toContain("hunter2");
});

describe("SQLite", () => {
  const url = (name: string) => `file:${path.join(scratch, name)}`;
  const rowsOf = (file: string): Row[] => {
    const database = new Database(file, { readonly: true });
    try {
      return database.prepare(`SELECT * FROM "_prisma_migrations" ORDER BY "migration_name"`).all() as Row[];
    } finally {
      database.close();
    }
  };
  const schemaOf = (file: string) => {
    const database = new Database(file, { readonly: true });
    try {
      return database.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name`).all();
    } finally {
      database.close();
    }
  };
  const tableExists = (file: string, table: string) => {
    const database = new Database(file, { readonly: true });
    try {
      return database.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) !== undefined;
    } finally {
      database.close();
    }
  };

  /** Columns, indexes and foreign keys as SQLite sees them, order-free (ALTER TABLE appends columns). */
  const catalogOf = (file: string) => {
    const database = new Database(file, { readonly: true });
    try {
      const tables = (database.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`).all() as { name: string }[]).map((t) => t.name);
      const sorted = <T,>(rows: T[]) => rows.map((row) => JSON.stringify(row)).sort();
      return Object.fromEntries(
        tables.sort().map((table) => [
          table,
          {
            columns: sorted(database.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`).all(table)),
            indexes: sorted(
              (database.prepare(`SELECT name, "unique", origin FROM pragma_index_list(?)`).all(table) as { name: string }[]).map((index) => ({
                ...index,
                columns: (database.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).all(index.name) as { name: string }[]).map((c) => c.name),
              })),
            ),
            foreignKeys: sorted(database.prepare(`SELECT "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?)`).all(table)),
          },
        ]),
      );
    } finally {
      database.close();
    }
  };

  it("migrates a fresh file (creating its folder) exactly as Prisma would, and Prisma agrees it is up to date", async () => {
    const file = path.join(scratch, "fresh/data/wallet.db");
    expect(await pendingMigrations({ databaseUrl: `file:${file}` })).toEqual(migrationNames(SQLITE_MIGRATIONS));
    const lines: string[] = [];
    const { applied } = await runMigrations({ databaseUrl: `file:${file}`, log: (line) => lines.push(line) });
    expect(applied).toEqual(migrationNames(SQLITE_MIGRATIONS));
    expect(lines).toHaveLength(applied.length);
    expectRowsToRecord(rowsOf(file), SQLITE_MIGRATIONS);

    const status = prisma(["migrate", "status"], `file:${file}`);
    expect(status.output).toContain("Database schema is up to date!");
    expect(status.status).toBe(0);

    // Prisma's own deploy (it works on an uncontended SQLite file) makes the same schema and the same rows.
    const byPrisma = path.join(scratch, "by-prisma.db");
    expect(prisma(["migrate", "deploy"], `file:${byPrisma}`).status).toBe(0);
    expect(schemaOf(file)).toEqual(schemaOf(byPrisma));
    const bookkeeping = (rows: Row[]) =>
      rows.map((row) => ({
        ...row,
        // Same text formats (Prisma parses these back), whatever the id and times.
        id: row.id.replace(/[0-9a-f]/g, "x"),
        finished_at: String(row.finished_at).replace(/\d/g, "0"),
        started_at: String(row.started_at).replace(/\d/g, "0"),
      }));
    expect(bookkeeping(rowsOf(file))).toEqual(bookkeeping(rowsOf(byPrisma)));

    // And the migrations produce exactly prisma/schema.prisma: the schema Prisma creates from the datamodel.
    const fromDatamodel = new Database(path.join(scratch, "from-datamodel.db"));
    fromDatamodel.exec(datamodelScript("prisma/schema.prisma"));
    fromDatamodel.close();
    expect(catalogOf(file), "prisma/migrations do not produce prisma/schema.prisma: npm run db:new-migration -- <name>").toEqual(
      catalogOf(path.join(scratch, "from-datamodel.db")),
    );

    expect((await runMigrations({ databaseUrl: `file:${file}` })).applied).toEqual([]);
    expect(await pendingMigrations({ databaseUrl: `file:${file}` })).toEqual([]);
  }, 90_000); // three Prisma CLI runs

  it("two runners starting at once (two app instances) apply each migration once", async () => {
    const file = path.join(scratch, "concurrent.db");
    await runMigrations({ databaseUrl: url("concurrent.db"), migrationsDir: migrationsFolder(SQLITE_MIGRATIONS, 2) });
    // Both runners read the applied list while another process holds the write lock, so both see the same
    // pending migrations and then queue for the lock: only re-reading under the lock keeps them apart.
    const holder = await holdSqliteWriteLock(file, 3000);
    const results = await Promise.all([runChild(url("concurrent.db")), runChild(url("concurrent.db"))]);
    await holder.released;
    for (const result of results) expect(result.stderr).toBe("");
    expect(results.flatMap((result) => result.applied).sort()).toEqual(migrationNames(SQLITE_MIGRATIONS).slice(2));
    expectRowsToRecord(rowsOf(file), SQLITE_MIGRATIONS);
  });

  // Issue 9: `prisma migrate deploy` crashed here ("WASM_ERROR … SocketTimeout"; checked with the rollback
  // journal, the mode of a file before the app first opens it).
  it.each(["delete", "wal"] as const)("waits for another process's write transaction instead of failing (journal mode %s)", async (journalMode) => {
    const file = path.join(scratch, `busy-${journalMode}.db`);
    const names = migrationNames(SQLITE_MIGRATIONS);
    await runMigrations({ databaseUrl: `file:${file}`, migrationsDir: migrationsFolder(SQLITE_MIGRATIONS, names.length - 1) });
    const holder = await holdSqliteWriteLock(file, 2000, journalMode);
    const started = Date.now();
    const { applied } = await runMigrations({ databaseUrl: `file:${file}` });
    expect(Date.now() - started).toBeGreaterThan(1000);
    expect(applied).toEqual(names.slice(-1));
    await holder.released;
    const database = new Database(file, { readonly: true });
    expect(database.prepare(`SELECT "nonce" FROM "RequestNonce"`).all()).toEqual([{ nonce: "held" }]);
    database.close();
  });

  it("refuses a migration changed after it was applied, and one whose earlier attempt did not finish", async () => {
    const dir = migrationsFolder(SQLITE_MIGRATIONS, 99);
    const file = path.join(scratch, "refuse.db");
    await runMigrations({ databaseUrl: url("refuse.db"), migrationsDir: dir });
    const first = migrationNames(dir)[0]!;
    const original = readFileSync(path.join(dir, first, "migration.sql"));
    appendFileSync(path.join(dir, first, "migration.sql"), "\n-- edited afterwards\n");
    await expect(runMigrations({ databaseUrl: url("refuse.db"), migrationsDir: dir })).rejects.toThrow(
      new RegExp(`migration ${first} was changed after it was applied.*new migration`),
    );
    writeFileSync(path.join(dir, first, "migration.sql"), original);

    const database = new Database(file);
    database.prepare(`UPDATE "_prisma_migrations" SET "finished_at" = NULL WHERE "migration_name" = ?`).run(migrationNames(dir).at(-1));
    database.close();
    const later = migrationsFolder(SQLITE_MIGRATIONS, 99, { "29990101000000_later": `CREATE TABLE "Later" ("id" INTEGER);` });
    await expect(runMigrations({ databaseUrl: url("refuse.db"), migrationsDir: later })).rejects.toThrow(/failed or was interrupted.*finished_at.*DELETE FROM/);
    expect(tableExists(file, "Later")).toBe(false);
  });

  it("a failing migration leaves nothing of itself and no row", async () => {
    const dir = migrationsFolder(SQLITE_MIGRATIONS, 99, {
      "29990101000000_broken": `CREATE TABLE "Broken" ("id" INTEGER);\nINSERT INTO "Broken" VALUES (1);\nINSERT INTO "NoSuchTable" VALUES (1);\n`,
    });
    const file = path.join(scratch, "broken.db");
    await expect(runMigrations({ databaseUrl: url("broken.db"), migrationsDir: dir })).rejects.toThrow(
      /migration 29990101000000_broken failed and was rolled back.*no such table: NoSuchTable/,
    );
    expect(tableExists(file, "Broken")).toBe(false);
    expect(rowsOf(file).map((row) => row.migration_name)).toEqual(migrationNames(SQLITE_MIGRATIONS));
  });

  it("runs with foreign keys off (a redefined parent keeps its children) and refuses what they would have refused", async () => {
    const base = {
      "00000000000001_parent_child": `CREATE TABLE "Parent" ("id" INTEGER NOT NULL PRIMARY KEY);
CREATE TABLE "Child" ("id" INTEGER NOT NULL PRIMARY KEY, "parentId" INTEGER NOT NULL REFERENCES "Parent" ("id") ON DELETE CASCADE);
INSERT INTO "Parent" VALUES (1);
INSERT INTO "Child" VALUES (10, 1);
`,
      // Prisma's RedefineTables shape: its PRAGMA foreign_keys lines are no-ops inside our transaction, and
      // with foreign keys on, DROP TABLE "Parent" would delete the child through the cascade.
      "00000000000002_redefine_parent": `PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Parent" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL DEFAULT '');
INSERT INTO "new_Parent" ("id") SELECT "id" FROM "Parent";
DROP TABLE "Parent";
ALTER TABLE "new_Parent" RENAME TO "Parent";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`,
    };
    const file = path.join(scratch, "foreign-keys.db");
    const dir = path.join(scratch, "fk-migrations");
    for (const [name, sql] of Object.entries(base)) {
      mkdirSync(path.join(dir, name), { recursive: true });
      writeFileSync(path.join(dir, name, "migration.sql"), sql);
    }
    await runMigrations({ databaseUrl: url("foreign-keys.db"), migrationsDir: dir });
    const database = new Database(file, { readonly: true });
    expect(database.prepare(`SELECT * FROM "Child"`).all()).toEqual([{ id: 10, parentId: 1 }]);
    database.close();

    mkdirSync(path.join(dir, "00000000000003_orphan"));
    writeFileSync(path.join(dir, "00000000000003_orphan", "migration.sql"), `CREATE TABLE "Other" ("id" INTEGER);\nINSERT INTO "Child" VALUES (11, 99);\n`);
    await expect(runMigrations({ databaseUrl: url("foreign-keys.db"), migrationsDir: dir })).rejects.toThrow(
      /00000000000003_orphan failed and was rolled back.*foreign key points nowhere \(Child → Parent\)/,
    );
    expect(tableExists(file, "Other")).toBe(false);
    expect(rowsOf(file).map((row) => row.migration_name)).toEqual(Object.keys(base));
  });
});

const postgresBin = findPostgresBinDir();
if (!postgresBin) {
  console.warn("[migrations.test] PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin): skipping the PostgreSQL tests. Install with apt-get install postgresql.");
}

describe.skipIf(!postgresBin)("PostgreSQL (skipped when no PostgreSQL server is installed: apt-get install postgresql)", () => {
  let cluster: ThrowawayCluster;
  let databases = 0;
  const newDatabase = () => cluster.createDatabase(`migrations_${++databases}`);

  beforeAll(async () => {
    cluster = await startThrowawayCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }
  const rowsOf = (url: string) =>
    withClient(url, async (client) => (await client.query<Row>(`SELECT * FROM _prisma_migrations ORDER BY migration_name`)).rows);
  const tableExists = (url: string, table: string) =>
    withClient(url, async (client) => (await client.query(`SELECT to_regclass($1)::text AS found`, [`"${table}"`])).rows[0].found !== null);

  /** Tables, columns (type, null, default), constraints, indexes: the schema as PostgreSQL sees it, order-free. */
  const catalogOf = (url: string) =>
    withClient(url, async (client) => {
      const { rows } = await client.query(`
        SELECT 'column' AS kind, c.relname || '.' || a.attname AS name,
               format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                 || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') AS def
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_prisma_migrations'
        UNION ALL
        SELECT 'constraint', conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid)
          FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'
        UNION ALL
        SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
        ORDER BY 1, 2`);
      return rows;
    });

  it("migrates a fresh database to exactly prisma/postgres/schema.prisma, and Prisma agrees it is up to date", async () => {
    const url = await newDatabase();
    expect(await pendingMigrations({ databaseUrl: url })).toEqual(migrationNames(POSTGRES_MIGRATIONS));
    const { applied } = await runMigrations({ databaseUrl: url });
    expect(applied).toEqual(migrationNames(POSTGRES_MIGRATIONS));
    expectRowsToRecord(await rowsOf(url), POSTGRES_MIGRATIONS);

    const status = prisma(["migrate", "status"], url);
    expect(status.output).toContain(`${applied.length} migration`);
    expect(status.output).toContain("Database schema is up to date!");
    expect(status.status).toBe(0);

    // The schema Prisma would create from the datamodel, applied to another database, is the same schema.
    const fromDatamodel = await newDatabase();
    await withClient(fromDatamodel, (client) => client.query(datamodelScript("prisma/postgres/schema.prisma")));
    expect(await catalogOf(url), "prisma/postgres/migrations do not produce prisma/postgres/schema.prisma: npm run db:new-migration -- <name>").toEqual(
      await catalogOf(fromDatamodel),
    );

    expect((await runMigrations({ databaseUrl: url })).applied).toEqual([]);
    expect(await pendingMigrations({ databaseUrl: url })).toEqual([]);
  }, 90_000); // two Prisma CLI runs

  it("two runners starting at once (two app instances) apply each migration once, under Prisma's advisory lock", async () => {
    const url = await newDatabase();
    const extra = { "29990101000000_second": `CREATE TABLE "Second" ("id" INTEGER);`, "29990101000001_third": `CREATE TABLE "Third" ("id" INTEGER);` };
    const dir = migrationsFolder(POSTGRES_MIGRATIONS, 99, extra);
    // Hold Prisma's lock until both runners wait for it, so they really start together.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query("SELECT pg_advisory_lock(72707369)");
    const runs = Promise.all([runChild(url, dir), runChild(url, dir)]);
    const waiting = async () =>
      Number((await holder.query(`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)).rows[0].n);
    const deadline = Date.now() + 15_000;
    while ((await waiting()) < 2 && Date.now() < deadline) await sleep(50);
    expect(await waiting()).toBe(2);
    await holder.query("SELECT pg_advisory_unlock(72707369)");
    await holder.end();
    const results = await runs;
    for (const result of results) expect(result.stderr).toBe("");
    expect(results.flatMap((result) => result.applied).sort()).toEqual(migrationNames(dir));
    expectRowsToRecord(await rowsOf(url), dir);
  });

  it("two runners in one process on separate connections apply each migration once", async () => {
    const url = await newDatabase();
    const results = await Promise.all([runMigrations({ databaseUrl: url }), runMigrations({ databaseUrl: url })]);
    expect(results.flatMap((result) => result.applied).sort()).toEqual(migrationNames(POSTGRES_MIGRATIONS));
    expectRowsToRecord(await rowsOf(url), POSTGRES_MIGRATIONS);
  });

  it("waits while another process holds the migration lock, then applies", async () => {
    const url = await newDatabase();
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query("SELECT pg_advisory_lock(72707369)");
    const release = sleep(2000).then(() => holder.query("SELECT pg_advisory_unlock(72707369)")).then(() => holder.end());
    const lines: string[] = [];
    const started = Date.now();
    const { applied } = await runMigrations({ databaseUrl: url, log: (line) => lines.push(line) });
    expect(Date.now() - started).toBeGreaterThan(1500);
    expect(lines[0]).toMatch(/another process is applying migrations/);
    expect(applied).toEqual(migrationNames(POSTGRES_MIGRATIONS));
    await release;
  });

  it("refuses a migration changed after it was applied, and one whose earlier attempt did not finish", async () => {
    const url = await newDatabase();
    const dir = migrationsFolder(POSTGRES_MIGRATIONS, 99);
    await runMigrations({ databaseUrl: url, migrationsDir: dir });
    const first = migrationNames(dir)[0]!;
    const original = readFileSync(path.join(dir, first, "migration.sql"));
    appendFileSync(path.join(dir, first, "migration.sql"), "\n-- edited afterwards\n");
    await expect(runMigrations({ databaseUrl: url, migrationsDir: dir })).rejects.toThrow(new RegExp(`migration ${first} was changed after it was applied`));
    writeFileSync(path.join(dir, first, "migration.sql"), original);

    await withClient(url, (client) => client.query(`UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = $1`, [first]));
    const later = migrationsFolder(POSTGRES_MIGRATIONS, 99, { "29990101000000_later": `CREATE TABLE "Later" ("id" INTEGER);` });
    await expect(runMigrations({ databaseUrl: url, migrationsDir: later })).rejects.toThrow(/failed or was interrupted.*finished_at/);
    expect(await tableExists(url, "Later")).toBe(false);
  });

  it("a failing migration leaves nothing of itself and no row (PostgreSQL DDL is transactional)", async () => {
    const url = await newDatabase();
    const dir = migrationsFolder(POSTGRES_MIGRATIONS, 99, {
      "29990101000000_broken": `CREATE TABLE "Broken" ("id" INTEGER);\nALTER TABLE "User" ADD COLUMN "extra" TEXT;\nINSERT INTO "NoSuchTable" VALUES (1);\n`,
    });
    await expect(runMigrations({ databaseUrl: url, migrationsDir: dir })).rejects.toThrow(
      /migration 29990101000000_broken failed and was rolled back.*"NoSuchTable" does not exist/,
    );
    expect(await tableExists(url, "Broken")).toBe(false);
    const columns = await withClient(url, async (client) => (await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'User'`)).rows);
    expect(columns.map((row) => row.column_name)).not.toContain("extra");
    expect((await rowsOf(url)).map((row) => row.migration_name)).toEqual(migrationNames(POSTGRES_MIGRATIONS));
  });

  it("a runner killed in the middle of a migration leaves nothing of it and no row", async () => {
    const url = await newDatabase();
    const dir = migrationsFolder(POSTGRES_MIGRATIONS, 99, { "29990101000000_slow": `CREATE TABLE "Slow" ("id" INTEGER);\nSELECT pg_sleep(2);\n` });
    const child = spawn(process.execPath, ["--import", "tsx", childScript, url, dir], { cwd: root });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    const runnerSessions = (client: pg.Client, extra = "") =>
      client
        .query(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'opencharge-wallet migrations' ${extra}`)
        .then((result) => Number(result.rows[0].n));
    await withClient(url, async (client) => {
      const deadline = Date.now() + 15_000;
      while ((await runnerSessions(client, `AND query LIKE '%pg_sleep(2)%'`)) === 0 && Date.now() < deadline) await sleep(25);
      child.kill("SIGKILL");
      await exited;
      // The server finishes the statement, then finds the client gone and ends the session.
      while ((await runnerSessions(client)) > 0 && Date.now() < deadline) await sleep(100);
      expect(await runnerSessions(client)).toBe(0);
    });
    expect(await tableExists(url, "Slow")).toBe(false);
    expect((await rowsOf(url)).map((row) => row.migration_name)).toEqual(migrationNames(POSTGRES_MIGRATIONS));
  });

  it("an unreachable server is one clear message with host and port, never the password", async () => {
    const stopped = await startThrowawayCluster();
    const port = stopped.port;
    await stopped.stop();
    const error = await runMigrations({ databaseUrl: `postgresql://wallet:s3cret-pw@127.0.0.1:${port}/wallet` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(new RegExp(`^cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
    expect((error as Error).message).not.toContain("s3cret-pw");
  });

  describe("scripts/db/pg-cluster.ts", () => {
    const postmasterPid = (dir: string) => Number(readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[0]);
    const isRunning = (pid: number) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat[stat.lastIndexOf(")") + 2] !== "Z";
      } catch {
        return false;
      }
    };

    it("stop() stops the server and deletes its folder, and may be called twice", async () => {
      const other = await startThrowawayCluster();
      const pid = postmasterPid(other.dir);
      expect(isRunning(pid)).toBe(true);
      await other.stop();
      await other.stop();
      expect(isRunning(pid)).toBe(false);
      expect(existsSync(other.dir)).toBe(false);
    });

    it("a cluster whose owner process dies without stop() is stopped by its watchdog", async () => {
      const owner = spawn(process.execPath, ["--import", "tsx", "-e", `require("./scripts/db/pg-cluster.ts").startThrowawayCluster().then((c) => { console.log(c.dir); setInterval(() => {}, 1000); });`], { cwd: root });
      const dir = await new Promise<string>((resolve) => owner.stdout.on("data", (chunk: Buffer) => resolve(chunk.toString().trim())));
      const pid = postmasterPid(dir);
      expect(isRunning(pid)).toBe(true);
      owner.kill("SIGKILL");
      const deadline = Date.now() + 10_000;
      while ((isRunning(pid) || existsSync(dir)) && Date.now() < deadline) await sleep(100);
      expect(isRunning(pid)).toBe(false);
      expect(existsSync(dir)).toBe(false);
    });
  });
});
