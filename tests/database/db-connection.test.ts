import Database from "better-sqlite3";
import { beforeEach, describe, expect, it } from "vitest";
import { databaseEngine, db, runSqlite, runSqliteTransaction, sqliteDate, type SqliteConnection } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { inTransaction } from "@/lib/db/transaction";

// Two "requests" on the process's one connection: one runs a transaction that fails after a pause
// (e.g. insufficient funds), the other runs plain statements during that pause.
/** What is about the one SQLite connection (its queue, PRAGMAs, group commit) does not exist on PostgreSQL's pool. */
const onPostgres = Boolean(process.env.TEST_POSTGRES_URL);
const sqliteIt = it.skipIf(onPostgres);

it("runs on the engine the test run asked for (npm run test:pg: PostgreSQL)", async () => {
  expect(databaseEngine()).toBe(onPostgres ? "postgresql" : "sqlite");
  const client = await db();
  const [row] = await client.$queryRawUnsafe<{ version: string }[]>(onPostgres ? "SELECT version() AS version" : "SELECT sqlite_version() AS version");
  expect(row?.version).toMatch(onPostgres ? /^PostgreSQL/ : /^3\./);
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(async () => {
  const client = await db();
  await client.$executeRaw`DELETE FROM "RequestNonce"`;
});

async function nonces(): Promise<string[]> {
  const client = await db();
  const rows = await client.$queryRaw<{ nonce: string }[]>`SELECT "nonce" FROM "RequestNonce" ORDER BY "nonce"`;
  return rows.map((row) => row.nonce);
}

it("a write made while another request's transaction is open survives that transaction's rollback", async () => {
  const client = await db();
  const failing = inTransaction(undefined, async (tx) => {
    await tx.$executeRaw`INSERT INTO "RequestNonce" ("ocid", "nonce", "createdAt") VALUES (1, 'inside', ${new Date()})`;
    await pause(50);
    throw new Error("rolled back");
  });
  await pause(10);
  // Prisma queries run when awaited or .then()-ed: start this one now, during the other's pause.
  const outside = client.$executeRaw`INSERT INTO "RequestNonce" ("ocid", "nonce", "createdAt") VALUES (2, 'outside', ${new Date()})`.then((count) => count);
  await expect(failing).rejects.toThrow("rolled back");
  expect(await outside).toBe(1);
  expect(await nonces()).toEqual(["outside"]);
});

it("a read made while another request's transaction is open never sees its uncommitted writes", async () => {
  const client = await db();
  await client.$executeRaw`INSERT INTO "RequestNonce" ("ocid", "nonce", "createdAt") VALUES (3, 'committed', ${new Date()})`;
  const failing = inTransaction(undefined, async (tx) => {
    await tx.$executeRaw`UPDATE "RequestNonce" SET "nonce" = 'uncommitted' WHERE "ocid" = 3`;
    await pause(50);
    throw new Error("rolled back");
  });
  await pause(10);
  const read = nonces();
  await expect(failing).rejects.toThrow("rolled back");
  expect(await read).toEqual(["committed"]);
});

sqliteIt("queues transactions and statements in arrival order, and a failed transaction frees the connection", async () => {
  const client = await db();
  const first = inTransaction(undefined, async (tx) => {
    await tx.$executeRaw`INSERT INTO "RequestNonce" ("ocid", "nonce", "createdAt") VALUES (4, 'a', ${new Date()})`;
    await pause(30);
    throw new Error("fails");
  });
  await pause(5);
  const statement = client.$executeRaw`INSERT INTO "RequestNonce" ("ocid", "nonce", "createdAt") VALUES (4, 'b', ${new Date()})`.then((count) => count);
  const second = inTransaction(undefined, async (tx) => {
    const seen = await tx.$queryRaw<{ nonce: string }[]>`SELECT "nonce" FROM "RequestNonce" ORDER BY "nonce"`;
    await tx.$executeRaw`INSERT INTO "RequestNonce" ("ocid", "nonce", "createdAt") VALUES (4, 'c', ${new Date()})`;
    return seen.map((row) => row.nonce);
  });
  await expect(first).rejects.toThrow("fails");
  expect(await statement).toBe(1);
  // The second transaction started after the first one ended and the statement ran.
  expect(await second).toEqual(["b"]);
  expect(await nonces()).toEqual(["b", "c"]);
});

sqliteIt("a transaction whose COMMIT fails (a deferred foreign key) is rolled back and frees the connection", async () => {
  const client = await db();
  const entriesBefore = await client.ledgerEntry.count();
  await expect(
    inTransaction(undefined, async (tx) => {
      await tx.$executeRaw`PRAGMA defer_foreign_keys = ON`;
      await tx.$executeRaw`INSERT INTO "LedgerEntry" ("id", "transactionId", "accountId", "amount", "balanceAfter", "createdAt")
        VALUES ('orphan', 'no-such-transaction', 'no-such-account', 100, 100, ${new Date()})`;
    }),
  ).rejects.toThrow();
  // Nothing was written, and the connection serves the next statement and transaction.
  expect(await client.ledgerEntry.count()).toBe(entriesBefore);
  expect(await inTransaction(undefined, async (tx) => tx.ledgerEntry.count())).toBe(entriesBefore);
});

sqliteIt("the connection opens with WAL, foreign keys and synchronous=FULL", async () => {
  const settings = await runSqlite(({ database }) => ({
    journalMode: database.pragma("journal_mode", { simple: true }),
    foreignKeys: Number(database.pragma("foreign_keys", { simple: true })),
    synchronous: Number(database.pragma("synchronous", { simple: true })),
  }));
  expect(settings).toEqual({ journalMode: "wal", foreignKeys: 1, synchronous: 2 });
});

describe.skipIf(onPostgres)("runSqliteTransaction: group commit", () => {
  const insert = (connection: SqliteConnection, nonce: string) =>
    connection.statement(`INSERT INTO "RequestNonce" ("ocid", "nonce", "createdAt") VALUES (5, ?, ?)`).run(nonce, sqliteDate(new Date()));

  /** A second connection to the same file: it sees only what is committed. */
  function committedNonces(): string[] {
    const other = new Database(getEnv().DATABASE_FILE, { readonly: true });
    try {
      return (other.prepare(`SELECT "nonce" FROM "RequestNonce" ORDER BY "nonce"`).all() as { nonce: string }[]).map((row) => row.nonce);
    } finally {
      other.close();
    }
  }

  it("calls made together share one transaction, each answered only after the commit", async () => {
    const seenByOthers: string[][] = [];
    const answered: string[][] = [];
    const calls = ["a", "b", "c"].map((nonce) =>
      runSqliteTransaction((connection) => {
        insert(connection, nonce);
        seenByOthers.push(committedNonces());
        return nonce;
      }).then((value) => {
        answered.push(committedNonces());
        return value;
      }),
    );
    expect(await Promise.all(calls)).toEqual(["a", "b", "c"]);
    // Inside the batch nothing was committed yet: one transaction, one commit.
    expect(seenByOthers).toEqual([[], [], []]);
    expect(answered).toEqual([["a", "b", "c"], ["a", "b", "c"], ["a", "b", "c"]]);
  });

  it("a call that throws undoes only its own writes; the others commit", async () => {
    const results = await Promise.allSettled([
      runSqliteTransaction((connection) => insert(connection, "kept-1")),
      runSqliteTransaction((connection) => {
        insert(connection, "undone");
        throw new Error("refused");
      }),
      runSqliteTransaction((connection) => insert(connection, "kept-2")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(committedNonces()).toEqual(["kept-1", "kept-2"]);
  });

  it("a later call in the batch sees the earlier ones' writes (a duplicate key fails alone)", async () => {
    const results = await Promise.allSettled([
      runSqliteTransaction((connection) => insert(connection, "same")),
      runSqliteTransaction((connection) => insert(connection, "same")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    expect(committedNonces()).toEqual(["same"]);
  });

  it("when SQLite abandons the whole transaction (here: the disk is full), every caller in the batch hears it", async () => {
    const limit = await runSqlite(({ database }) => {
      const previous = database.pragma("max_page_count", { simple: true }) as number;
      database.pragma(`max_page_count = ${database.pragma("page_count", { simple: true }) as number}`);
      return previous;
    });
    try {
      const results = await Promise.allSettled([
        runSqliteTransaction((connection) => insert(connection, "before")),
        runSqliteTransaction((connection) => insert(connection, "x".repeat(4 * 1024 * 1024))), // needs new pages: SQLITE_FULL
        runSqliteTransaction((connection) => insert(connection, "after")),
      ]);
      expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
      expect(committedNonces()).toEqual([]);
    } finally {
      await runSqlite(({ database }) => database.pragma(`max_page_count = ${limit}`));
    }
  });
});
