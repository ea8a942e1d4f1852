/**
 * The process's one SQLite connection, shared by every request, with one rule: while a transaction is
 * open, nothing else runs on the connection.
 *
 * Why: Prisma's better-sqlite3 adapter only queues transactions behind each other. A statement outside a
 * transaction runs at once — also while another request's interactive transaction is open on the same
 * connection, in which case it silently joins that transaction: it reads the other request's uncommitted
 * balances, and its own writes (a nonce, a new pay session) are rolled back when that transaction fails
 * (insufficient funds, a lost race). tests/database/db-connection.test.ts shows both.
 *
 * Hot paths can also run synchronous better-sqlite3 statements on the same connection, under the same
 * lock (`runSqliteTransaction`): no Prisma round trips, prepared statements reused, and concurrent
 * callers share one commit (group commit).
 *
 * Transactions open with BEGIN IMMEDIATE, so they take SQLite's write lock up front: a second process on
 * the same file (the CLI, `npm run worker`) can then never fail a read-then-write transaction halfway with
 * SQLITE_BUSY, which a plain (deferred) BEGIN allows.
 */
import type { Database as SqliteDatabase, Statement } from "better-sqlite3";
import {
  type ConnectionInfo,
  DriverAdapterError,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlDriverAdapterFactory,
  type SqlQuery,
  type Transaction,
} from "@prisma/driver-adapter-utils";

/** A FIFO lock: `acquire` resolves with the release function once every earlier holder released. */
class ConnectionLock {
  #tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.#tail.then(() => once(release));
    this.#tail = this.#tail.then(() => released);
    return acquired;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}

const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

type BatchItem = { fn: (connection: SqliteConnection) => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void };

/** The better-sqlite3 handle under Prisma's adapter, and prepared statements cached by SQL text. */
export type SqliteConnection = {
  database: SqliteDatabase;
  statement: (sql: string) => Statement;
};

function sqliteHandleOf(adapter: SqlDriverAdapter): SqliteDatabase {
  // The adapter keeps its better-sqlite3 Database in `client` (@prisma/adapter-better-sqlite3 6.19).
  // Checked at connect time, so an upgrade that moves it fails on the first query, loudly.
  const client = (adapter as unknown as { client?: Partial<SqliteDatabase> }).client;
  if (typeof client?.prepare !== "function" || typeof client.transaction !== "function") {
    throw new Error("@prisma/adapter-better-sqlite3 no longer exposes its better-sqlite3 handle as `client`: update lib/db-connection.ts.");
  }
  return client as SqliteDatabase;
}

export class SerializedSqliteAdapter implements SqlDriverAdapter {
  readonly provider;
  readonly adapterName;
  readonly #inner: SqlDriverAdapter;
  readonly #lock = new ConnectionLock();
  readonly #connection: SqliteConnection;
  #batch: BatchItem[] = [];
  readonly getConnectionInfo?: () => ConnectionInfo;

  constructor(inner: SqlDriverAdapter) {
    this.#inner = inner;
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
    if (inner.getConnectionInfo) this.getConnectionInfo = () => inner.getConnectionInfo!();
    const database = sqliteHandleOf(inner);
    // Per connection, so set here, where the connection opens: WAL lets readers in other processes go on
    // while we write; foreign keys on; and synchronous=FULL stated rather than left to a compile-time
    // default, because a committed payment must survive a power cut.
    database.pragma("journal_mode = WAL");
    database.pragma("foreign_keys = ON");
    database.pragma("synchronous = FULL");
    const statements = new Map<string, Statement>();
    this.#connection = {
      database,
      statement: (sql) => {
        let statement = statements.get(sql);
        if (!statement) statements.set(sql, (statement = database.prepare(sql)));
        return statement;
      },
    };
  }

  /** Runs `fn` synchronously once the connection is free (single reads; `fn` must not await). */
  runSqlite<T>(fn: (connection: SqliteConnection) => T): Promise<T> {
    return this.#lock.run(async () => fn(this.#connection));
  }

  /**
   * Runs `fn` synchronously in a BEGIN IMMEDIATE transaction once the connection is free: its writes
   * commit when it returns and are undone when it throws. `fn` must not await.
   *
   * Group commit: calls that arrive while the connection is busy (or within the same turn of the event
   * loop) share one transaction, each inside its own savepoint, so one fsync makes a whole batch durable
   * while a throwing `fn` still undoes only its own writes. Every caller hears back only after the
   * commit, so nothing is answered before it is on disk.
   */
  runSqliteTransaction<T>(fn: (connection: SqliteConnection) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#batch.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (this.#batch.length === 1) setImmediate(() => void this.#commitBatch());
    });
  }

  async #commitBatch(): Promise<void> {
    const release = await this.#lock.acquire();
    const batch = this.#batch;
    this.#batch = [];
    const { database } = this.#connection;
    const outcomes: ({ value: unknown } | { error: unknown })[] = [];
    try {
      database
        .transaction(() => {
          for (const item of batch) {
            try {
              // A transaction function called inside another runs in a savepoint (better-sqlite3).
              outcomes.push({ value: database.transaction(() => item.fn(this.#connection))() });
            } catch (error) {
              // Some errors (SQLITE_FULL, IOERR, …) make SQLite roll back the whole transaction, not just
              // the savepoint: then the batch is over, and every caller in it must hear that it failed.
              if (!database.inTransaction) throw error;
              outcomes.push({ error });
            }
          }
        })
        .immediate();
    } catch (error) {
      // BEGIN or COMMIT failed: nothing of the batch was written.
      outcomes.length = 0;
      for (let i = 0; i < batch.length; i++) outcomes.push({ error });
    } finally {
      release();
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if ("value" in outcome) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }

  queryRaw(query: SqlQuery) {
    return this.#lock.run(() => this.#inner.queryRaw(query));
  }

  executeRaw(query: SqlQuery) {
    return this.#lock.run(() => this.#inner.executeRaw(query));
  }

  executeScript(script: string) {
    return this.#lock.run(() => this.#inner.executeScript(script));
  }

  dispose() {
    return this.#lock.run(() => this.#inner.dispose());
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    // SQLite transactions are always serializable.
    if (isolationLevel && isolationLevel !== "SERIALIZABLE") {
      throw new DriverAdapterError({ kind: "InvalidIsolationLevel", level: isolationLevel });
    }
    const release = await this.#lock.acquire();
    const inner = this.#inner;
    try {
      await inner.executeRaw(statement("BEGIN IMMEDIATE"));
    } catch (error) {
      release();
      throw error;
    }
    return {
      provider: this.provider,
      adapterName: this.adapterName,
      // Prisma sends COMMIT or ROLLBACK through executeRaw, then calls commit() or rollback().
      options: { usePhantomQuery: false },
      queryRaw: (query) => inner.queryRaw(query),
      executeRaw: async (query) => {
        try {
          return await inner.executeRaw(query);
        } catch (error) {
          // A failed COMMIT leaves the transaction open, and Prisma then never calls commit() or rollback():
          // roll back here and free the connection, or every later query would wait forever.
          if (/^\s*(COMMIT|ROLLBACK)\b/i.test(query.sql)) {
            await inner.executeRaw(statement("ROLLBACK")).catch(() => undefined);
            release();
          }
          throw error;
        }
      },
      commit: async () => release(),
      rollback: async () => release(),
    };
  }
}

/**
 * Wraps a SQLite driver adapter factory (PrismaBetterSQLite3) so its connection is used as described
 * above; `onConnect` receives the adapter (for runSqliteTransaction).
 */
export function serializedSqlite(
  factory: SqlDriverAdapterFactory,
  onConnect: (adapter: SerializedSqliteAdapter) => void = () => {},
): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = new SerializedSqliteAdapter(await factory.connect());
      onConnect(adapter);
      return adapter;
    },
  };
}

/** A date as Prisma's SQLite adapter stores it (ISO 8601 with "+00:00"), so raw and Prisma rows compare. */
export function sqliteDate(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}
