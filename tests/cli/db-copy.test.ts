/**
 * `npm run wallet -- db:copy --to postgresql://…` (scripts/db/copy-wallet.ts, lib/db/copy/): a SQLite wallet
 * built by the app's own code (users, top-ups, a paid pay session with its proof and delivered webhook,
 * tokens, counterparties, sign-in throttle, a checkout session, 2,500 nonces: several INSERT batches) is copied
 * into PostgreSQL by the real CLI; every table then holds the same rows, read back through Prisma on both
 * engines (dates, BigInt balances beyond 2^53, booleans), the ledger check passes on the target and the app,
 * pointed at the target, answers a user's balance. Refusals: a target that holds rows, bad URLs, a source with
 * pending migrations or an unbalanced ledger, and a failure mid-copy leaving the target empty.
 * The PostgreSQL side runs on `npm run test:pg`'s server or a throwaway cluster of this file's own.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createSessionRoute } from "@/app/api/wallet/sessions/route";
import { POST as confirmRoute } from "@/app/api/wallet/sessions/[sessionId]/confirm/route";
import { GET as balanceRoute } from "@/app/api/wallet/balance/route";
import { POST as orderCreateRoute } from "@/app/opencharge/orders/create/[sessionId]/route";
import { Prisma } from "@/generated/prisma/client";
import { db, disconnectDb } from "@/lib/db";
import { runMigrations } from "@/lib/db/migrations/run-migrations";
import { deliverDue } from "@/lib/deliveries/deliver-due";
import { checkLedger } from "@/lib/ledger/check-ledger";
import { addCounterparty } from "@/lib/opencharge/counterparties";
import { topUpUser } from "@/lib/wallet/top-up-user";
import { json, makeUserWithToken, request } from "@/tests/support/factories";
import { setEnv, signedRequest, startMerchantWorld, type SimulatedCounterparty } from "@/tests/support/protocol-fixtures";
import { postgresUnavailableReason, startPostgresServer, type PostgresServer } from "@/tests/support/postgres-server";

const run = promisify(execFile);
const tsx = path.resolve("node_modules/.bin/tsx");
const runId = process.env.TEST_RUN_ID;

type Outcome = { code: number; stdout: string; stderr: string; last: string };

/** `npm run wallet -- …` in its own process, on the database `databaseUrl`. */
async function wallet(databaseUrl: string, ...args: string[]): Promise<Outcome> {
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  try {
    const { stdout, stderr } = await run(tsx, ["scripts/wallet.ts", ...args], { env, timeout: 120_000 });
    return { code: 0, stdout, stderr, last: stdout.trim().split("\n").at(-1) ?? "" };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, last: e.stdout.trim().split("\n").at(-1) ?? "" };
  }
}

/** A migrated SQLite file of this run (global-setup's teardown deletes data/test/*-<run id>*). */
async function newSqliteWallet(name: string, migrationsDir?: string): Promise<string> {
  const url = `file:${path.resolve(`data/test/${name}-${randomBytes(4).toString("hex")}-${runId}.db`)}`;
  await runMigrations({ databaseUrl: url, migrationsDir });
  return url;
}

/** Runs `fn` with the app's database switched to `databaseUrl` (the app's own code reads it). */
async function onDatabase<T>(databaseUrl: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.DATABASE_URL;
  await disconnectDb();
  setEnv({ DATABASE_URL: databaseUrl });
  try {
    return await fn();
  } finally {
    await disconnectDb();
    setEnv({ DATABASE_URL: saved });
  }
}

const delegate = (model: string) => model[0]!.toLowerCase() + model.slice(1);

/** Every row of every model, through Prisma, as sorted canonical JSON lines (dates ISO, BigInt exact, booleans). */
async function snapshot(databaseUrl: string): Promise<Record<string, string[]>> {
  return onDatabase(databaseUrl, async () => {
    const client = (await db()) as unknown as Record<string, { findMany(): Promise<Record<string, unknown>[]> }>;
    const tables: Record<string, string[]> = {};
    for (const model of Object.values(Prisma.ModelName)) {
      const rows = await client[delegate(model)]!.findMany();
      tables[model] = rows.map((row) => JSON.stringify(row, (_key, value) => (typeof value === "bigint" ? `${value}n` : value))).sort();
    }
    return tables;
  });
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
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

/** Rows per table of a PostgreSQL database (public tables but _prisma_migrations). */
const postgresCounts = (url: string) =>
  withClient(url, async (client) => {
    const tables = (await client.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY 1`)).rows;
    const counts: Record<string, number> = {};
    for (const { t } of tables) counts[t] = Number((await client.query(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n);
    return counts;
  });

/** The URL with a password, when it has none: the server ignores it (trust), and the output must never show it. */
function withPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) return url;
  parsed.password = "s3cret-pw";
  return parsed.toString();
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });

describe("db:copy refuses bad input before touching anything", () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), "db-copy-test-"));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("a target that is not a PostgreSQL URL, or cannot be reached, is one clear message without the password", async () => {
    const source = await newSqliteWallet("copy-bad-url");
    const mysql = await wallet(source, "db:copy", "--to", "mysql://root:hunter2@db.example/wallet");
    expect(mysql.code).toBe(1);
    expect(mysql.stderr.trim()).toBe('Error: --to must be a PostgreSQL URL (postgresql://user:password@host:5432/database), not a "mysql:" URL.');

    const port = await closedPort();
    const unreachable = await wallet(source, "db:copy", "--to", `postgresql://wallet:s3cret-pw@127.0.0.1:${port}/wallet`);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr.trim()).toMatch(new RegExp(`^Error: cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`));
    expect(`${unreachable.stdout}${unreachable.stderr}`).not.toContain("s3cret-pw");

    const missing = await wallet(source, "db:copy");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--to is required\nUsage: npm run wallet -- db:copy --to postgresql:/);
  }, 60_000);

  it("a source with pending migrations is refused (and not migrated behind the operator's back)", async () => {
    const all = readdirSync("prisma/migrations").filter((name) => /^\d+_/.test(name)).sort();
    const partial = path.join(scratch, "migrations");
    mkdirSync(partial);
    for (const name of all.slice(0, -1)) cpSync(path.join("prisma/migrations", name), path.join(partial, name), { recursive: true });
    const source = await newSqliteWallet("copy-pending", partial);
    const outcome = await wallet(source, "db:copy", "--to", `postgresql://wallet@127.0.0.1:${await closedPort()}/wallet`);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr.trim()).toBe(
      `Error: the source database has 1 pending migration(s) (${all.at(-1)}): run npm run db:migrate first, so source and target are at the same migration level.`,
    );
    const file = new Database(source.slice("file:".length), { readonly: true });
    expect((file.prepare(`SELECT count(*) AS n FROM "_prisma_migrations"`).get() as { n: number }).n).toBe(all.length - 1);
    file.close();
  }, 60_000);

  it("a source whose ledger does not balance is refused", async () => {
    const source = await newSqliteWallet("copy-unbalanced");
    expect((await wallet(source, "user:create", "--email", "drift@example.test", "--password", "a good long password")).code).toBe(0);
    expect((await wallet(source, "topup", "--email", "drift@example.test", "--amount", "2.00", "--currency", "EUR")).code).toBe(0);
    const file = new Database(source.slice("file:".length));
    file.prepare(`UPDATE "LedgerAccount" SET "balance" = 12345 WHERE "type" = 'user'`).run();
    file.close();
    const outcome = await wallet(source, "db:copy", "--to", `postgresql://wallet@127.0.0.1:${await closedPort()}/wallet`);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/"kind":"balance_mismatch"/);
    expect(outcome.stderr).toMatch(/Error: the source ledger does not balance \(1 problem\(s\), above\): fix it before copying.*Nothing was copied\./);
  }, 60_000);

  it("refuses a source that already is PostgreSQL (pg_dump does that) and an unknown source scheme", async () => {
    const postgres = await wallet("postgresql://wallet:s3cret-pw@127.0.0.1:1/wallet", "db:copy", "--to", "postgresql://wallet@127.0.0.1:1/other");
    expect(postgres.code).toBe(1);
    expect(postgres.stderr).toMatch(/DATABASE_URL already is PostgreSQL: copy it with pg_dump and pg_restore/);
    expect(`${postgres.stdout}${postgres.stderr}`).not.toContain("s3cret-pw");
    const unknown = await wallet("mysql://root:hunter2@db/wallet", "db:copy", "--to", "postgresql://wallet@127.0.0.1:1/other");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/DATABASE_URL has an unsupported scheme "mysql:"/);
    expect(unknown.stderr).not.toContain("hunter2");
  }, 60_000);
});

if (postgresUnavailableReason) console.warn(`[db-copy.test] skipping the copies into PostgreSQL: ${postgresUnavailableReason}.`);

describe.skipIf(postgresUnavailableReason !== null)(`db:copy into PostgreSQL (skipped when there is ${postgresUnavailableReason ?? "no server"})`, () => {
  let server: PostgresServer;
  let source: string;
  let world: Awaited<ReturnType<typeof startMerchantWorld>>;
  let merchant: SimulatedCounterparty;
  const users: { id: string; token: string }[] = [];
  const suiteDatabaseUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    server = await startPostgresServer();
    source = await newSqliteWallet("copy-source");
    await disconnectDb();
    setEnv({ DATABASE_URL: source });
    world = await startMerchantWorld(1);
    merchant = world.merchants[0]!;

    // A wallet built by the app's own code.
    const payer = await makeUserWithToken();
    const rich = await makeUserWithToken();
    users.push(payer, rich);
    await topUpUser({ userId: payer.id, amount: "25.00", currency: "USD" });
    await topUpUser({ userId: payer.id, amount: "1000", currency: "JPY" });
    // 12,345,678,901,234,567 minor units: beyond 2^53, exact only as BigInt.
    await topUpUser({ userId: rich.id, amount: "123456789012345.67", currency: "USD" });

    const created = await createSessionRoute(request("/api/wallet/sessions", { method: "POST", ...bearer(payer.token) }), ctx({}));
    const { sessionId } = (await json(created)) as { sessionId: string };
    const order = merchant.buildOrder({ items: [{ id: "item_001", name: "Large Coffee", quantity: 2, price: "5.00" }], amount: "10.00", memo: "Table 4" });
    const body = { order, signature: merchant.signOrder(order), urls: { order: [`${merchant.url}/orders/${order.id}`], completed: `${merchant.url}/done`, cancelled: `${merchant.url}/cancelled` } };
    expect((await orderCreateRoute(signedRequest(merchant, "POST", `/opencharge/orders/create/${sessionId}`, body), ctx({ sessionId }))).status).toBe(200);
    expect((await confirmRoute(request(`/api/wallet/sessions/${sessionId}/confirm`, { method: "POST", ...bearer(payer.token) }), ctx({ sessionId }))).status).toBe(200);
    expect(await deliverDue()).toBe(1);
    await addCounterparty({ ocid: String(merchant.ocid), metadataUrl: merchant.metadataUrl });

    const client = await db();
    const revoked = await client.personalAccessToken.create({ data: { userId: rich.id, name: "old", tokenHash: "f".repeat(64), prefix: "ocw_old", revokedAt: new Date() } });
    expect(revoked.revokedAt).not.toBeNull();
    await client.signInThrottle.create({ data: { email: "someone@example.test", failures: 3, windowStartAt: new Date("2026-11-30T12:00:00.123Z") } });
    const checkoutOrder = await client.paymentOrder.create({
      data: {
        source: "checkout",
        merchantOcid: merchant.ocid,
        merchantName: "Checkout Merchant",
        merchantOrderId: "co-1",
        orderJson: "{}",
        signature: "00",
        amount: "3.50",
        currency: "EUR",
        amountMinor: 350n,
        senderOcid: merchant.ocid,
        expiresAt: new Date("2026-12-01T00:00:00.000Z"),
      },
    });
    await client.checkoutSession.create({
      data: { id: "cs_copy_test", gatewayOcid: merchant.ocid, orderId: checkoutOrder.id, successUrl: "https://shop.example/ok", cancelUrl: "https://shop.example/no", expiresAt: new Date("2026-12-01T00:00:00.000Z") },
    });
    // More rows than one INSERT takes (1,000): several batches.
    await client.requestNonce.createMany({ data: Array.from({ length: 2500 }, (_, i) => ({ ocid: 7, nonce: `nonce-${i}`, createdAt: new Date(Date.UTC(2026, 10, 30, 0, 0, i)) })) });
    // A row whose date SQLite wrote itself (CURRENT_TIMESTAMP: "YYYY-MM-DD HH:MM:SS", UTC, no offset).
    await client.$executeRawUnsafe(`INSERT INTO "RequestNonce" ("ocid", "nonce") VALUES (8, 'sqlite-default-date')`);
    await disconnectDb();
  }, 120_000);

  afterAll(async () => {
    await world?.close();
    await disconnectDb();
    setEnv({ DATABASE_URL: suiteDatabaseUrl });
    await server?.stop();
  });

  it("copies every row of every table; the target then holds the same rows, balances and a ledger that checks out", async () => {
    const before = await snapshot(source);
    for (const table of ["User", "PersonalAccessToken", "LedgerAccount", "LedgerTransaction", "LedgerEntry", "RequestNonce", "Counterparty", "PaymentOrder", "PaySession", "CheckoutSession", "TransferProof", "Delivery", "DeliveryAttempt", "SignInThrottle"]) {
      expect(before[table]?.length, `${table} has rows in the source`).toBeGreaterThan(0);
    }
    expect(before.Delivery!.join()).toContain('"status":"delivered"');

    const target = withPassword(await server.createDatabase("copy_target"));
    const outcome = await wallet(source, "db:copy", "--to", target);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(`${outcome.stdout}${outcome.stderr}`).not.toContain("s3cret-pw");
    const summary = JSON.parse(outcome.last);
    expect(summary).toMatchObject({ copied: true, source, ledger: { problems: 0, postings: 4 } });
    expect(summary.target).toContain(":***@");
    expect(summary.migrations.sourceLatest).toBe(summary.migrations.targetLatest);
    expect(Object.fromEntries(Object.entries(before).map(([table, rows]) => [table, rows.length]))).toEqual(summary.tables);
    expect(summary.rows).toBe(Object.values(before).reduce((sum, rows) => sum + rows.length, 0));
    // Parents before children.
    const order = Object.keys(summary.tables);
    expect(order.indexOf("User")).toBeLessThan(order.indexOf("LedgerAccount"));
    expect(order.indexOf("LedgerAccount")).toBeLessThan(order.indexOf("LedgerEntry"));
    expect(order.indexOf("Delivery")).toBeLessThan(order.indexOf("DeliveryAttempt"));
    expect(outcome.stdout).toMatch(/copied RequestNonce: 2502 row\(s\)/);

    // Same rows, read by Prisma on each engine; the source is untouched.
    const after = await snapshot(target);
    expect(after).toEqual(before);
    expect(await snapshot(source)).toEqual(before);
    expect(after.LedgerAccount!.join()).toContain('"balance":"12345678901234567n"');

    // The date SQLite wrote as "YYYY-MM-DD HH:MM:SS" (UTC) is the same instant on PostgreSQL.
    const file = new Database(source.slice("file:".length), { readonly: true });
    const written = (file.prepare(`SELECT "createdAt" AS d FROM "RequestNonce" WHERE "nonce" = 'sqlite-default-date'`).get() as { d: string }).d;
    file.close();
    expect(written).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const copied = await withClient(target, async (client) => (await client.query(`SELECT to_char("createdAt", 'YYYY-MM-DD HH24:MI:SS') AS d FROM "RequestNonce" WHERE "nonce" = 'sqlite-default-date'`)).rows[0].d);
    expect(copied).toBe(written);

    // The app's own code on the target: the ledger checks out and a user's balance reads right.
    await onDatabase(target, async () => {
      expect((await checkLedger()).problems).toEqual([]);
      const [payer, rich] = users as unknown as [{ token: string }, { token: string }];
      const richBalance = await balanceRoute(request("/api/wallet/balance", bearer(rich.token)), ctx({}));
      expect(await json(richBalance)).toEqual({ balances: [{ currency: "USD", amount: "123456789012345.67" }] });
      const payerBalance = await balanceRoute(request("/api/wallet/balance", bearer(payer.token)), ctx({}));
      expect(await json(payerBalance)).toEqual({ balances: [{ currency: "JPY", amount: "1000" }, { currency: "USD", amount: "15.00" }] });
    });
  }, 180_000);

  it("refuses a target that already holds rows, and leaves it unchanged", async () => {
    const target = await server.createDatabase("copy_busy");
    await runMigrations({ databaseUrl: target });
    await withClient(target, (client) =>
      client.query(`INSERT INTO "User" ("id", "email", "passwordHash") VALUES ('someone-else', 'other@example.test', 'x')`),
    );
    const before = await snapshot(target);
    const outcome = await wallet(source, "db:copy", "--to", target);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr.trim()).toBe(
      "Error: the target database already holds rows (User: 1): db:copy never merges two wallets. Give it a new, empty database (CREATE DATABASE …) and run it again.",
    );
    expect(await snapshot(target)).toEqual(before);
  }, 120_000);

  it("a row that cannot be copied, late in the order, leaves the target without any row (one transaction)", async () => {
    // A copy of the source made with db:backup, with one unreadable date in a child table copied late.
    const broken = path.resolve(`data/test/copy-broken-${randomBytes(4).toString("hex")}-${runId}.db`);
    expect((await wallet(source, "db:backup", "--to", broken)).code).toBe(0);
    const file = new Database(broken);
    file.prepare(`UPDATE "DeliveryAttempt" SET "startedAt" = 'not a date'`).run();
    file.close();

    const target = await server.createDatabase("copy_rollback");
    const outcome = await wallet(`file:${broken}`, "db:copy", "--to", target);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr.trim()).toBe(
      "Error: cannot copy DeliveryAttempt.startedAt of row 1: expected a date, found text of 10 characters. Nothing was copied.",
    );
    expect(outcome.stdout).toMatch(/copied User: 2 row\(s\)/); // rows were written… and rolled back
    const counts = await postgresCounts(target);
    expect(Object.keys(counts).length).toBeGreaterThan(10);
    expect(Object.values(counts).every((n) => n === 0), JSON.stringify(counts)).toBe(true);

    // The same target takes the good source afterwards.
    const retry = await wallet(source, "db:copy", "--to", target);
    expect(retry.code, retry.stderr).toBe(0);
  }, 180_000);
});
