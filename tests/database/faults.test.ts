/**
 * Database faults an operator meets (issue 10, "Bad input and faults"):
 *  - a DATABASE_URL with an unknown scheme, or a PostgreSQL server that cannot be reached → one clear line at
 *    start (`npm start`, `npm run db:migrate`, the wallet CLI), exit code 1, no stack trace, never the password;
 *  - PostgreSQL stopped and started again while the app runs → requests fail cleanly during the outage (503
 *    SERVICE_UNAVAILABLE with Retry-After, quickly) and succeed afterwards in the same process, with no restart.
 * The outage runs on a throwaway cluster of this file's own (scripts/db/pg-cluster.ts), whatever engine the rest
 * of the suite runs on.
 * A failing migration leaving nothing behind is tested in tests/database/migrations.test.ts on both engines, and a
 * runner killed mid-migration on PostgreSQL; the same kill on SQLite is tested here.
 */
import { execFile, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as balanceRoute } from "@/app/api/wallet/balance/route";
import { db, disconnectDb, openEngine } from "@/lib/db";
import { databaseErrorToAppError } from "@/lib/db/errors";
import { runMigrations } from "@/lib/db/migrations/run-migrations";
import { isSerializationFailure } from "@/lib/db/transaction";
import { resetEnvCache } from "@/lib/env";
import { checkLedger } from "@/lib/ledger/check-ledger";
import { topUpUser } from "@/lib/wallet/top-up-user";
import { findPostgresBinDir, startThrowawayCluster, type ThrowawayCluster } from "@/scripts/db/pg-cluster";
import { json, makeUserWithToken, noParams, request } from "@/tests/support/factories";

const run = promisify(execFile);
const tsx = path.resolve("node_modules/.bin/tsx");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Outcome = { code: number; stdout: string; stderr: string; ms: number };

/** Runs one of our scripts in its own process with DATABASE_URL set (secrets come from the test environment). */
async function script(file: string, args: string[], databaseUrl: string, timeout = 60_000): Promise<Outcome> {
  const started = Date.now();
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  try {
    const { stdout, stderr } = await run(tsx, [file, ...args], { env, timeout });
    return { code: 0, stdout, stderr, ms: Date.now() - started };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, ms: Date.now() - started };
  }
}

/** The entry points that open the database first thing. */
const ENTRY_POINTS: [string, string, string[]][] = [
  ["npm start", "scripts/start.ts", []],
  ["npm run worker", "scripts/delivery-worker.ts", []],
  ["npm run db:migrate", "scripts/migrate.ts", ["deploy"]],
  ["npm run wallet -- ledger:check", "scripts/wallet.ts", ["ledger:check"]],
];

/** Exit 1 and exactly one line on stderr matching `message`: no stack trace, no password. */
function expectOneClearLine(outcome: Outcome, message: RegExp, secret: string) {
  expect(outcome.code, `stdout: ${outcome.stdout}\nstderr: ${outcome.stderr}`).toBe(1);
  const lines = outcome.stderr.trim().split("\n");
  expect(lines, outcome.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(outcome.stderr).not.toMatch(/^\s+at /m);
  expect(`${outcome.stdout}${outcome.stderr}`).not.toContain(secret);
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("a DATABASE_URL the app cannot use is one clear line at start", () => {
  it.each(ENTRY_POINTS)("unknown scheme: %s", async (_name, file, args) => {
    const outcome = await script(file, args, "mysql://root:hunter2@db.example/wallet");
    expectOneClearLine(outcome, /DATABASE_URL has an unsupported scheme "mysql:": use file:.*\(SQLite\) or postgresql:\/\/.*\(PostgreSQL/, "hunter2");
  });

  it.each(ENTRY_POINTS)("unreachable PostgreSQL server (connection refused): %s", async (_name, file, args) => {
    const port = await closedPort();
    const outcome = await script(file, args, `postgresql://wallet:s3cret-pw@127.0.0.1:${port}/wallet`);
    expectOneClearLine(outcome, new RegExp(`cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`), "s3cret-pw");
  });

  it("a server that accepts the connection and never answers: npm start gives up after 10 s with one clear line", async () => {
    // A black hole (a firewall dropping packets, a hung server): without a connect timeout, start would hang.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const outcome = await script("scripts/start.ts", [], `postgresql://wallet:s3cret-pw@127.0.0.1:${port}/wallet`);
      expectOneClearLine(outcome, new RegExp(`cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}: no answer within 10 s`), "s3cret-pw");
      expect(outcome.ms).toBeLessThan(25_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  }, 40_000);
});

describe("a migration runner killed in the middle of a migration (SQLite)", () => {
  it("leaves nothing of that migration: no table, no column, no row; the next start is not blocked", async () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), "faults-migration-"));
    try {
      const file = path.join(scratch, "wallet.db");
      await runMigrations({ databaseUrl: `file:${file}` });
      const dir = path.join(scratch, "migrations");
      for (const name of readdirSync("prisma/migrations").filter((n) => /^\d+_/.test(n))) cpSync(path.join("prisma/migrations", name), path.join(dir, name), { recursive: true });
      mkdirSync(path.join(dir, "29990101000000_slow"));
      writeFileSync(
        path.join(dir, "29990101000000_slow", "migration.sql"),
        `ALTER TABLE "User" ADD COLUMN "extra" TEXT;\nCREATE TABLE "Slow" ("x" INTEGER);\n` +
          `INSERT INTO "Slow" WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000000) SELECT x FROM c;\n`,
      );
      const child = spawn(process.execPath, ["--import", "tsx", "tests/database/support/migrate-child.ts", `file:${file}`, dir], { stdio: "ignore" });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));

      // Only the slow migration is pending: once the runner holds the write lock, it is inside it.
      const probe = new Database(file, { timeout: 0 });
      const isLocked = () => {
        try {
          probe.exec("BEGIN IMMEDIATE");
          probe.exec("ROLLBACK");
          return false;
        } catch (error) {
          if ((error as { code?: string }).code === "SQLITE_BUSY") return true;
          throw error;
        }
      };
      // Generous: under a full parallel test run the child (tsx start, then the earlier checks) can be slow.
      const deadline = Date.now() + 45_000;
      while (!isLocked() && Date.now() < deadline) await sleep(20);
      expect(isLocked()).toBe(true);
      await sleep(300);
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL"); // killed mid-migration, not finished
      probe.close();

      // Read-write, as the next start opens it: a killed writer can leave a hot journal, which SQLite rolls
      // back on the first open that may write (a read-only open refuses: "attempt to write a readonly database").
      const database = new Database(file);
      const tables = (database.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
      expect(tables).not.toContain("Slow");
      expect((database.prepare(`SELECT name FROM pragma_table_info('User')`).all() as { name: string }[]).map((c) => c.name)).not.toContain("extra");
      expect((database.prepare(`SELECT migration_name FROM "_prisma_migrations"`).all() as { migration_name: string }[]).map((r) => r.migration_name)).not.toContain(
        "29990101000000_slow",
      );
      expect(database.pragma("integrity_check", { simple: true })).toBe("ok");
      database.close();
      expect((await runMigrations({ databaseUrl: `file:${file}` })).applied).toEqual([]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 120_000);
});

const postgresBin = findPostgresBinDir();
if (!postgresBin) {
  console.warn("[faults.test] PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin): skipping the outage tests. Install with apt-get install postgresql.");
}

describe.skipIf(!postgresBin)("PostgreSQL restarted while the app runs (skipped when no PostgreSQL server is installed: apt-get install postgresql)", () => {
  let cluster: ThrowawayCluster;
  let databaseUrl: string;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE };

  function useDatabase(values: Record<string, string | undefined>) {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    resetEnvCache();
  }

  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    databaseUrl = await cluster.createDatabase("faults");
    await runMigrations({ databaseUrl });
    // Prepared transactions hold locks that outlive their session (see the in-flight test); enabling them
    // takes a restart.
    await withClient(databaseUrl, (client) => client.query("ALTER SYSTEM SET max_prepared_transactions = 8"));
    await cluster.restart();
    await disconnectDb();
    useDatabase({ DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: "4" });
  });
  // A failed test must not leave the next one without a server.
  afterEach(() => cluster.startServer());
  afterAll(async () => {
    await disconnectDb();
    useDatabase(saved);
    await cluster?.stop();
  });

  const balance = async (token: string) => {
    const started = Date.now();
    const response = await balanceRoute(request("/api/wallet/balance", { headers: { authorization: `Bearer ${token}` } }), noParams);
    return { status: response.status, retryAfter: response.headers.get("retry-after"), body: await json(response), ms: Date.now() - started };
  };
  const topUp = async (userId: string, amount: string) => {
    const started = Date.now();
    try {
      return { result: await topUpUser({ userId, amount, currency: "USD" }), error: undefined, ms: Date.now() - started };
    } catch (error) {
      return { result: undefined, error, ms: Date.now() - started };
    }
  };

  it("requests fail with 503 + Retry-After during the outage, quickly, and succeed after it in the same process", async () => {
    const user = await makeUserWithToken();
    expect((await topUp(user.id, "10.00")).error).toBeUndefined();
    // Open every pooled connection, so the outage finds idle connections to break.
    const before = await Promise.all([1, 2, 3, 4, 5, 6].map(() => balance(user.token)));
    for (const answer of before) expect(answer.body).toEqual({ balances: [{ currency: "USD", amount: "10.00" }] });

    await cluster.stopServer();
    for (let i = 0; i < 3; i++) {
      const down = await balance(user.token);
      expect(down.status).toBe(503);
      expect(down.retryAfter).toBe("2");
      expect(down.body.error).toMatchObject({ code: "SERVICE_UNAVAILABLE", details: { retryAfterSeconds: 2 } });
      expect(down.body.error.message).toMatch(/Nothing was changed; please try again/);
      expect(down.ms).toBeLessThan(10_500);
    }
    const failedTopUp = await topUp(user.id, "1.00");
    expect(failedTopUp.result).toBeUndefined();
    expect(databaseErrorToAppError(failedTopUp.error)?.code).toBe("SERVICE_UNAVAILABLE");
    expect(failedTopUp.ms).toBeLessThan(10_500);

    await cluster.startServer();
    const after = await Promise.all([1, 2, 3, 4, 5, 6].map(() => balance(user.token)));
    for (const answer of after) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ balances: [{ currency: "USD", amount: "10.00" }] });
    }
    expect((await topUp(user.id, "5.00")).result).toMatchObject({ balance: "15.00" });
    expect((await balance(user.token)).body).toEqual({ balances: [{ currency: "USD", amount: "15.00" }] });
    expect((await checkLedger()).problems).toEqual([]);
  }, 60_000);

  /** Connections the pool has handed out and not got back (none while no request runs). */
  const checkedOut = async () => {
    const engine = await openEngine();
    if (engine.engine !== "postgresql") throw new Error("expected the PostgreSQL engine");
    return engine.postgres.pool.totalCount - engine.postgres.pool.idleCount;
  };

  it("requests in flight when the server goes down fail at once with 503, do not hang, and give their connections back", async () => {
    const user = await makeUserWithToken();
    expect((await topUp(user.id, "4.00")).error).toBeUndefined();
    // More rounds than the pool has connections: a connection kept by a failed transaction would exhaust it
    // (@prisma/adapter-pg did that before lib/db/postgres/client.ts released it).
    for (let round = 1; round <= 5; round++) {
      // A prepared transaction locks the accounts table, so a balance read and a top-up wait inside the server.
      // Its lock outlives every session: during the shutdown no waiting statement can get it and finish
      // (a session's lock would be released when the shutdown ends that session, a race).
      const prepared = `outage_round_${round}`;
      await withClient(databaseUrl, (client) => client.query(`BEGIN; LOCK TABLE "LedgerAccount" IN ACCESS EXCLUSIVE MODE; PREPARE TRANSACTION '${prepared}'`));
      const reading = balance(user.token);
      const writing = topUp(user.id, "1.00");
      const waiting = () =>
        withClient(databaseUrl, async (client) =>
          Number((await client.query(`SELECT count(*) AS n FROM pg_locks WHERE relation = '"LedgerAccount"'::regclass AND NOT granted`)).rows[0].n),
        );
      const deadline = Date.now() + 10_000;
      while ((await waiting()) < 2 && Date.now() < deadline) await sleep(25);
      expect(await waiting()).toBe(2);

      const stopped = Date.now();
      await cluster.stopServer();
      const [read, write] = await Promise.all([reading, writing]);
      expect(Date.now() - stopped).toBeLessThan(10_500);
      expect(read.status, `round ${round}: ${JSON.stringify(read.body)}`).toBe(503);
      expect(read.retryAfter).toBe("2");
      expect(read.body.error.code).toBe("SERVICE_UNAVAILABLE");
      expect(databaseErrorToAppError(write.error)?.code, `round ${round}: ${JSON.stringify(write.result)}`).toBe("SERVICE_UNAVAILABLE");
      await cluster.startServer();
      await withClient(databaseUrl, (client) => client.query(`ROLLBACK PREPARED '${prepared}'`));
    }
    expect(await checkedOut()).toBe(0);
    const answer = await balance(user.token);
    expect(answer.ms).toBeLessThan(2_000);
    expect(answer.body).toEqual({ balances: [{ currency: "USD", amount: "4.00" }] });
    expect((await checkLedger()).problems).toEqual([]);
  }, 90_000);

  it("a COMMIT refused by SERIALIZABLE (40001) gives its connection back to the pool", async () => {
    const client = await db();
    await client.$executeRawUnsafe(`CREATE TABLE "WriteSkew" ("id" INTEGER PRIMARY KEY, "value" INTEGER NOT NULL)`);
    await client.$executeRawUnsafe(`INSERT INTO "WriteSkew" VALUES (1, 0), (2, 0)`);
    let refused = 0;
    // Two transactions read both rows and then each writes one (write skew): PostgreSQL lets one commit and
    // refuses the other, at its UPDATE or at its COMMIT. More rounds than pooled connections.
    for (let round = 0; round < 8; round++) {
      let arrived = 0;
      let release!: () => void;
      const bothRead = new Promise<void>((resolve) => (release = resolve));
      const skew = (id: number) =>
        client
          .$transaction(
            async (tx) => {
              await tx.$queryRawUnsafe(`SELECT sum("value") FROM "WriteSkew"`);
              if (++arrived === 2) release();
              await bothRead;
              await tx.$executeRawUnsafe(`UPDATE "WriteSkew" SET "value" = "value" + 1 WHERE "id" = ${id}`);
            },
            { isolationLevel: "Serializable", maxWait: 5_000, timeout: 5_000 },
          )
          .then(
            () => "committed",
            (error: unknown) => (isSerializationFailure(error) ? "refused" : Promise.reject(error)),
          );
      const outcomes = await Promise.all([skew(1), skew(2)]);
      expect(outcomes.sort()).toEqual(["committed", "refused"]);
      refused++;
    }
    expect(refused).toBe(8);
    expect(await checkedOut()).toBe(0);
  }, 60_000);

  it("a restart between two requests goes unnoticed: the next request is answered, not refused", async () => {
    const user = await makeUserWithToken();
    expect((await topUp(user.id, "3.00")).error).toBeUndefined();
    await Promise.all([1, 2, 3, 4].map(() => balance(user.token)));
    await cluster.restart();
    const first = await balance(user.token);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({ balances: [{ currency: "USD", amount: "3.00" }] });
    expect((await topUp(user.id, "2.00")).result).toMatchObject({ balance: "5.00" });
  }, 60_000);
});
