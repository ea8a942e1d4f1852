/**
 * `npm run wallet -- db:copy --to postgresql://…`: moves a SQLite wallet to PostgreSQL and proves the copy.
 *  1. the source's ledger is checked first (a wallet that does not balance is not copied);
 *  2. lib/db/copy/copy-sqlite-to-postgres.ts copies every row in one transaction (see there);
 *  3. the app's own code then reads the target: the same ledger check as `ledger:check` (every posting balances,
 *     every cached balance equals its entries, none negative) and the row count of every table, on a fresh
 *     connection after the commit.
 * The summary returned is what the CLI prints last; any problem is an Error whose message says what to do.
 */
import pg from "pg";
import { disconnectDb } from "../../lib/db";
import { checkCopyInputs, CopyError, copySqliteToPostgres, type CopySummary } from "../../lib/db/copy/copy-sqlite-to-postgres";
import { resetEnvCache } from "../../lib/env";
import { checkLedger } from "../../lib/ledger/check-ledger";

export type WalletCopySummary = CopySummary & {
  copied: true;
  ledger: { postings: number; accounts: number; problems: 0 };
  seconds: number;
};

/** Runs `fn` with the app's database switched to `databaseUrl`, then switches back. */
async function withDatabase<T>(databaseUrl: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.DATABASE_URL;
  await disconnectDb();
  process.env.DATABASE_URL = databaseUrl;
  resetEnvCache();
  try {
    return await fn();
  } finally {
    await disconnectDb();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    resetEnvCache();
  }
}

async function countRows(url: string, tables: string[]): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on("error", () => undefined);
  await client.connect();
  try {
    const counts: Record<string, number> = {};
    for (const table of tables) counts[table] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table.replace(/"/g, '""')}"`)).rows[0]?.n);
    return counts;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function copyWalletToPostgres(options: {
  sourceUrl: string;
  targetUrl: string;
  batchRows?: number;
  log?: (line: string) => void;
  /** Problems of a failed ledger check, one per call (the CLI prints them on stderr as ledger:check does). */
  reportProblem?: (problem: unknown) => void;
}): Promise<WalletCopySummary> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const report = options.reportProblem ?? (() => {});

  checkCopyInputs(options);
  const before = await withDatabase(options.sourceUrl, () => checkLedger());
  if (before.problems.length > 0) {
    before.problems.forEach(report);
    throw new CopyError(`the source ledger does not balance (${before.problems.length} problem(s), above): fix it before copying (npm run wallet -- ledger:check). Nothing was copied.`);
  }
  log(`source ledger OK: ${before.postings} postings, ${before.accounts} accounts`);

  const summary = await copySqliteToPostgres({ sourceUrl: options.sourceUrl, targetUrl: options.targetUrl, batchRows: options.batchRows, log });

  const afterCommit = "the copy was committed, but";
  const counts = await countRows(options.targetUrl, Object.keys(summary.tables));
  const differing = Object.keys(summary.tables).filter((table) => counts[table] !== summary.tables[table]);
  if (differing.length > 0) {
    throw new CopyError(
      `${afterCommit} the target's row counts differ from the source's (${differing.map((t) => `${t}: ${summary.tables[t]} → ${counts[t]}`).join(", ")}): do not use it; drop the target database and copy again.`,
    );
  }
  const ledger = await withDatabase(options.targetUrl, () => checkLedger());
  if (ledger.problems.length > 0) {
    ledger.problems.forEach(report);
    throw new CopyError(`${afterCommit} the ledger check on the target FAILED (${ledger.problems.length} problem(s), above): do not use it; drop the target database.`);
  }
  log(`target ledger OK: ${ledger.postings} postings, ${ledger.accounts} accounts; row counts match for ${Object.keys(counts).length} tables`);
  return {
    copied: true,
    ...summary,
    ledger: { postings: ledger.postings, accounts: ledger.accounts, problems: 0 },
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}
