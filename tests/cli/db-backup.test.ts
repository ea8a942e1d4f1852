/**
 * `npm run wallet -- db:backup --to FILE` (lib/db/copy/backup-sqlite.ts): SQLite's online backup, taken while
 * the app keeps writing, is one consistent state of the wallet (its ledger checks out and holds a whole number
 * of the top-ups made meanwhile), a single self-contained file; an existing file is never overwritten, and on
 * PostgreSQL the command points to pg_dump. Runs on a SQLite wallet of its own whatever the suite's engine.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { runMigrations } from "@/lib/db/migrations/run-migrations";
import { checkLedger } from "@/lib/ledger/check-ledger";
import { topUpUser } from "@/lib/wallet/top-up-user";
import { makeUser } from "@/tests/support/factories";
import { setEnv } from "@/tests/support/protocol-fixtures";

const run = promisify(execFile);
const tsx = path.resolve("node_modules/.bin/tsx");
const runId = process.env.TEST_RUN_ID;

type Outcome = { code: number; stdout: string; stderr: string; last: string };

async function wallet(databaseUrl: string, ...args: string[]): Promise<Outcome> {
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  try {
    const { stdout, stderr } = await run(tsx, ["scripts/wallet.ts", ...args], { env, timeout: 60_000 });
    return { code: 0, stdout, stderr, last: stdout.trim().split("\n").at(-1) ?? "" };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, last: e.stdout.trim().split("\n").at(-1) ?? "" };
  }
}

/** A file name of this run under data/test (global-setup's teardown deletes data/test/*-<run id>*). */
const testFile = (name: string) => path.resolve(`data/test/${name}-${randomBytes(4).toString("hex")}-${runId}.db`);

describe("db:backup", () => {
  const suiteDatabaseUrl = process.env.DATABASE_URL;
  let source: string;
  let userId: string;

  beforeAll(async () => {
    source = `file:${testFile("backup-source")}`;
    await runMigrations({ databaseUrl: source });
    await disconnectDb();
    setEnv({ DATABASE_URL: source });
    userId = (await makeUser()).id;
    await topUpUser({ userId, amount: "100.00", currency: "USD" });
  });
  afterAll(async () => {
    await disconnectDb();
    setEnv({ DATABASE_URL: suiteDatabaseUrl });
  });

  it("takes a consistent backup while the app writes: one file, integrity ok, a ledger that checks out", async () => {
    const client = await db();
    const postingsBefore = await client.ledgerTransaction.count();
    const backup = testFile("backup");
    let isDone = false;
    const backingUp = wallet(source, "db:backup", "--to", backup).finally(() => (isDone = true));
    // The app keeps moving money (each top-up one posting) until the backup is finished.
    let topUps = 0;
    // Each round yields to the event loop: SQLite's statements run synchronously, so without it the child's exit
    // would never be seen. Bounded, so a backup that never ends fails the test instead of spinning.
    const deadline = Date.now() + 30_000;
    while (!isDone && Date.now() < deadline) {
      await topUpUser({ userId, amount: "0.01", currency: "USD" });
      topUps++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const outcome = await backingUp;
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(topUps).toBeGreaterThan(0);
    const postingsAfter = await client.ledgerTransaction.count();

    const summary = JSON.parse(outcome.last);
    expect(summary).toMatchObject({ file: backup, integrity: "ok", bytes: readFileSync(backup).length });
    expect(summary.migrations).toBe(readdirSync("prisma/migrations").filter((name) => /^\d+_/.test(name)).length);
    expect(existsSync(`${backup}-wal`)).toBe(false);
    const file = new Database(backup, { readonly: true });
    expect(file.pragma("journal_mode", { simple: true })).toBe("delete");
    expect(file.pragma("integrity_check", { simple: true })).toBe("ok");
    file.close();

    // The backup is one state of the wallet between the start and the end of the command.
    const inBackup = await (async () => {
      await disconnectDb();
      setEnv({ DATABASE_URL: `file:${backup}` });
      try {
        const ledger = await checkLedger();
        const balance = (await (await db()).ledgerAccount.findFirstOrThrow({ where: { userId, currency: "USD" } })).balance;
        return { ledger, balance };
      } finally {
        await disconnectDb();
        setEnv({ DATABASE_URL: source });
      }
    })();
    expect(inBackup.ledger.problems).toEqual([]);
    expect(inBackup.ledger.postings).toBeGreaterThanOrEqual(postingsBefore);
    expect(inBackup.ledger.postings).toBeLessThanOrEqual(postingsAfter);
    expect(summary.tables.LedgerTransaction).toBe(inBackup.ledger.postings);
    // 100.00 plus one cent per top-up the backup holds.
    expect(inBackup.balance).toBe(10_000n + BigInt(inBackup.ledger.postings - postingsBefore));
  }, 60_000);

  it("never overwrites an existing file", async () => {
    const existing = testFile("backup-existing");
    writeFileSync(existing, "keep me");
    const outcome = await wallet(source, "db:backup", "--to", existing);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr.trim()).toBe(`Error: ${existing} already exists: db:backup never overwrites a file; choose a new name.`);
    expect(readFileSync(existing, "utf8")).toBe("keep me");
  }, 30_000);

  it("on PostgreSQL, points to pg_dump (without printing the URL's password); a missing file or --to is said clearly", async () => {
    const postgres = await wallet("postgresql://wallet:s3cret-pw@127.0.0.1:1/wallet", "db:backup", "--to", testFile("backup-pg"));
    expect(postgres.code).toBe(1);
    expect(postgres.stderr).toMatch(/^Error: db:backup backs up the SQLite database; DATABASE_URL is PostgreSQL: use pg_dump \(e\.g\. pg_dump --format=custom/);
    expect(`${postgres.stdout}${postgres.stderr}`).not.toContain("s3cret-pw");

    const nowhere = testFile("backup-nowhere");
    const missing = await wallet(`file:${nowhere}`, "db:backup", "--to", testFile("backup-of-nothing"));
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`Error: there is no SQLite database at ${nowhere} (DATABASE_URL=file:${nowhere}).`);
    expect(existsSync(nowhere)).toBe(false); // not created by the attempt

    const usage = await wallet(source, "db:backup");
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/--to is required\nUsage: npm run wallet -- db:backup --to FILE/);
  }, 60_000);
});
