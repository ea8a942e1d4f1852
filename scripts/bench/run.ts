/**
 * `npm run bench`, against the production build (`npm start`), two paths:
 *  - intake: order-intake throughput and latency of POST /opencharge/orders/create/{sessionId}, and the
 *    end-to-end latency from a confirm to the proof arriving at the merchant;
 *  - payment-requests: the pay-a-request path, sales per second and the latencies of a till's create, a
 *    payer's pay and the till's polls until DONE (payment-request-load.ts), with merchants, keys and payers
 *    made by payment-request-setup.ts;
 * in one run on:
 *   - SQLite, one app instance (a fresh file in data/bench/);
 *   - PostgreSQL, one app instance, and two app instances on one database (each on its own port, the load
 *     spread across both), on a throwaway cluster this script starts (scripts/db/pg-cluster.ts), made as
 *     durable as the SQLite side (postgres-durable.ts), and stops;
 * each beside its floor: the bare node:http server doing the same signature checks, key lookups and writes on
 * that engine (floor-server.ts; one floor process per app instance).
 *
 * Options (env): BENCH_SECONDS (15), BENCH_CONCURRENCY (8), BENCH_MERCHANTS (4), BENCH_PORT (3300; the run
 * uses the four ports from there), BENCH_POOL_SIZE (PostgreSQL connections of a single instance, 8),
 * BENCH_POOL_SIZE_OF_TWO (of each of two instances, 4), BENCH_SCENARIOS (sqlite,postgresql-1,postgresql-2),
 * BENCH_PATHS (intake,payment-requests), BENCH_PAYERS (wallet users paying requests, 64), BENCH_CPU_PROFILE (a folder: the app servers write V8 CPU profiles of the measured load there, cpu-profile-preload.cjs).
 */
import { execFile, spawn, type ChildProcessByStdio } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { promisify } from "node:util";
import pg from "pg";
import { startSimulatedMerchant } from "../../e2e/simulators";
import type { SimulatedCounterparty } from "../../e2e/simulators/counterparty-server";
import { generateKeyPair } from "../../lib/opencharge/crypto";
import { startThrowawayCluster, type ThrowawayCluster } from "../db/pg-cluster";
import { startAppServer, type AppServer } from "../lib/app-server";
import { descendants, load, measured, percentile, prepare, type LoadResult } from "./load";
import { sell, SalesFailure, type SaleTarget, type SalesResult } from "./payment-request-load";
import { makeDurable } from "./postgres-durable";

const root = path.resolve(__dirname, "../..");
const benchDir = path.join(root, "data/bench");
const SECONDS = Number(process.env.BENCH_SECONDS || 15);
// A till posts one order at a time; 8 tills hammering at once is already far beyond a busy shop.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 8);
const MERCHANTS = Number(process.env.BENCH_MERCHANTS || 4);
const PORT = Number(process.env.BENCH_PORT || 3300);
// Connections per instance. Each intake holds one for a few round trips, so 8 clients need at most 8; two
// instances share the load and the machine's 2 cores with the database, so each gets half.
const POOL_ONE = Number(process.env.BENCH_POOL_SIZE || 8);
const POOL_OF_TWO = Number(process.env.BENCH_POOL_SIZE_OF_TWO || 4);
const GATEWAY_OCID = 100;
const MAX_RATE = 1100; // requests pre-signed per second of the run (the load generator must not be the bottleneck)
const WARM_UP = 300;
const E2E_SAMPLES = 40;
// Many payers, so no two concurrent sales debit one balance; the merchants' accounts are the shared rows.
const PAYERS = Number(process.env.BENCH_PAYERS || 64);
const PAYER_TOP_UP = "100000.00"; // USD each: thousands of sales of payment-request-load.ts's SALE_VALUE
const SALES_WARM_UP = 200;
const PATHS = ["intake", "payment-requests"] as const;
type BenchPath = (typeof PATHS)[number];
const chosenPaths = (process.env.BENCH_PATHS || PATHS.join(",")).split(",").map((s) => s.trim());
const runs = (path: BenchPath) => chosenPaths.includes(path);

type Scenario = { key: string; label: string; engine: "sqlite" | "postgresql"; instances: number; poolSize?: number };
const SCENARIOS: Scenario[] = [
  { key: "sqlite", label: "SQLite, 1 instance", engine: "sqlite", instances: 1 },
  { key: "postgresql-1", label: "PostgreSQL, 1 instance", engine: "postgresql", instances: 1, poolSize: POOL_ONE },
  { key: "postgresql-2", label: "PostgreSQL, 2 instances", engine: "postgresql", instances: 2, poolSize: POOL_OF_TWO },
];
const chosen = (process.env.BENCH_SCENARIOS || SCENARIOS.map((s) => s.key).join(",")).split(",").map((s) => s.trim());

/** CPU time (ms) per intake or per sale: server processes, PostgreSQL, the load generator, the rest of the machine. */
type CpuPer = { app: number; db: number; load: number; other: number };
type IntakeOutcome = {
  app: LoadResult;
  appCpu: CpuPer;
  peakMb: number;
  floor: LoadResult;
  floorCpu: CpuPer;
  confirmToProof: number[];
};
/**
 * Sales against the app instances or the floors: measured, or failed at the first unexpected answer (how many
 * sales were done in how long by then). `aborts`: PostgreSQL only, the transactions its server aborted per
 * sale (serialization failures the app retries, among them).
 */
type SalesMeasurement =
  | { result: SalesResult; cpu: CpuPer; peakMb: number; aborts?: number }
  | { failure: string; phase: "warm-up" | "run"; sales: number; seconds: number; aborts?: number };
type Outcome = { scenario: Scenario; intake?: IntakeOutcome; sales?: { app: SalesMeasurement; floor: SalesMeasurement } };

/** `npm run wallet -- …`, without blocking the event loop (which would leave fetch stale keep-alive connections). */
async function cli(databaseUrl: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/wallet.ts", ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  return stdout.trim().split("\n").at(-1)!;
}

function postmasterPid(cluster: ThrowawayCluster | undefined): number[] {
  if (!cluster) return [];
  return [Number(readFileSync(path.join(cluster.dir, "postmaster.pid"), "utf8").split("\n")[0])];
}

function cpuPer(cpuMs: Record<string, number>, count: number): CpuPer {
  const per = (name: string) => (cpuMs[name] ?? 0) / Math.max(1, count);
  return { app: per("app"), db: per("db"), load: per("load"), other: per("other") };
}

/**
 * PostgreSQL's count of aborted transactions in a database (pg_stat_database.xact_rollback). Its statistics
 * are flushed about once a second, so the count is read after a pause.
 */
async function abortedTransactions(databaseUrl: string): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const row = await client.query<{ n: string }>(`SELECT xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`);
    return Number(row.rows[0]!.n);
  } finally {
    await client.end();
  }
}

/** The merchants (one till key each) and payers of the pay-a-request path, made in the app's database. */
async function setUpSales(databaseUrl: string): Promise<{ merchantKeys: string[]; payerTokens: string[] }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/bench/payment-request-setup.ts", String(MERCHANTS), String(PAYERS), PAYER_TOP_UP],
    { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8" },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as { merchantKeys: string[]; payerTokens: string[] };
}

/**
 * Sales against `servers` (warm-up, then the measured run) while measuring the CPU of the `server` processes
 * and PostgreSQL, and, on PostgreSQL, the transactions it aborted. An unexpected answer ends it as a failure
 * (the caller reports it and the bench exits non-zero); anything else that goes wrong is thrown.
 */
async function measureSales(
  target: SaleTarget,
  pids: { server: number[]; db: number[] },
  databaseUrl: string | undefined,
  toggleProfiles: () => void = () => undefined,
): Promise<SalesMeasurement> {
  const aborted = async () => (databaseUrl ? await abortedTransactions(databaseUrl) : 0);
  const perSale = (aborts: number, sales: number) => (databaseUrl ? aborts / Math.max(1, sales) : undefined);
  let abortsBefore = await aborted();
  let phase: "warm-up" | "run" = "warm-up";
  try {
    await sell(target, { seconds: 60, concurrency: CONCURRENCY, maxSales: SALES_WARM_UP }); // JIT, route modules, pool connections
    abortsBefore = await aborted();
    phase = "run";
    toggleProfiles();
    const run = await measured({ app: pids.server, db: pids.db }, () => sell(target, { seconds: SECONDS, concurrency: CONCURRENCY })).finally(toggleProfiles);
    return { result: run.result, cpu: cpuPer(run.cpuMs, run.result.sales), peakMb: run.peakMb.app ?? 0, aborts: perSale((await aborted()) - abortsBefore, run.result.sales) };
  } catch (error) {
    if (!(error instanceof SalesFailure)) throw error;
    return { failure: error.message, phase, sales: error.sales, seconds: error.seconds, aborts: perSale((await aborted()) - abortsBefore, error.sales) };
  }
}

function assertAllAccepted(what: string, result: LoadResult) {
  if (result.ok !== result.requests) throw new Error(`${what}: not every intake was accepted: ${JSON.stringify(result.statuses)} ${result.errors.join("; ")}`);
}

type Floor = { process: ChildProcessByStdio<null, Readable, null>; url: string };

async function startFloor(databaseUrl: string, port: number, keys: Record<number, string>, sessions: number, poolSize: number): Promise<Floor> {
  const child = spawn(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/bench/floor-server.ts", databaseUrl, String(port), JSON.stringify(keys), String(sessions), String(poolSize)],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
    child.once("exit", (code) => reject(new Error(`the floor server exited with ${code} before it was ready`)));
  });
  return { process: child, url: `http://127.0.0.1:${port}` };
}

/** BENCH_CPU_PROFILE: starts or stops (and writes) the CPU profile of each app's HTTP server process. */
function toggleCpuProfiles(apps: AppServer[]) {
  if (!process.env.BENCH_CPU_PROFILE) return;
  for (const pid of apps.flatMap((app) => descendants(app.pid))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").some((arg) => arg.endsWith("server/index.ts"))) process.kill(pid, "SIGUSR2");
    } catch {
      // gone
    }
  }
}

async function stopFloor(floor: Floor): Promise<void> {
  if (floor.process.exitCode !== null || floor.process.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => floor.process.once("exit", () => resolve()));
  floor.process.kill();
  await exited;
}

type Context = { merchants: SimulatedCounterparty[]; secrets: Record<string, string>; registryFile: string; cluster?: ThrowawayCluster };

/** The order intake against the app instances, then confirm → proof. */
async function intakeOnApps(apps: AppServer[], context: Context, total: number, log: (message: string) => void) {
  const { merchants } = context;
  const instanceOf = (i: number) => apps[i % apps.length]!;
  const appDatabaseUrl = apps[0]!.databaseUrl;
  await cli(appDatabaseUrl, "user:create", "--email", "bench@example.test", "--password", "bench password 123");
  await cli(appDatabaseUrl, "topup", "--email", "bench@example.test", "--amount", "1000000.00", "--currency", "USD");
  const token = await cli(appDatabaseUrl, "token:create", "--email", "bench@example.test");
  const auth = { authorization: `Bearer ${token}` };

  log(`creating ${total} pay sessions and pre-signing ${total} orders…`);
  // Session i is created on, and its order posted to, instance i mod n: the load is spread evenly.
  const sessions: string[] = [];
  for (let i = 0; i < total; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, total - i) }, (_, j) =>
        fetch(`${instanceOf(i + j).baseUrl}/api/wallet/sessions`, { method: "POST", headers: auth }).then(async (r) => {
          if (!r.ok) throw new Error(`creating a pay session answered ${r.status}: ${await r.text()}`);
          return (await r.json()) as { qrPayload: { order: string } };
        }),
      ),
    );
    sessions.push(...batch.map((b) => b.qrPayload.order));
  }
  const requests = await prepare(merchants, (i) => sessions[i]!, total);

  assertAllAccepted("warm-up", await load(requests.slice(0, WARM_UP), 30, CONCURRENCY)); // JIT, caches, metadata of every merchant, pool connections
  log(`${SECONDS} s of order intake at concurrency ${CONCURRENCY}…`);
  toggleCpuProfiles(apps);
  const run = await measured({ app: apps.map((a) => a.pid), db: postmasterPid(context.cluster) }, () => load(requests.slice(WARM_UP), SECONDS, CONCURRENCY));
  toggleCpuProfiles(apps);
  assertAllAccepted("intake", run.result);

  log(`${E2E_SAMPLES} confirms, timing until the proof reaches the merchant…`);
  const confirmToProof: number[] = [];
  const merchant = merchants[0]!;
  for (let i = 0; i < E2E_SAMPLES; i++) {
    const app = instanceOf(i);
    const created = await fetch(`${app.baseUrl}/api/wallet/sessions`, { method: "POST", headers: auth });
    const session = (await created.json()) as { sessionId: string; qrPayload: { order: string } };
    const [request] = await prepare([merchant], () => session.qrPayload.order, 1);
    const intake = await fetch(request!.url, { method: "POST", headers: request!.headers, body: request!.body });
    if (!intake.ok) throw new Error(`order intake answered ${intake.status}: ${await intake.text()}`);
    const t0 = performance.now();
    const confirmResponse = await fetch(`${app.baseUrl}/api/wallet/sessions/${session.sessionId}/confirm`, { method: "POST", headers: auth });
    if (!confirmResponse.ok) throw new Error(`confirm answered ${confirmResponse.status}: ${await confirmResponse.text()}`);
    const confirmed = (await confirmResponse.json()) as { txid: string };
    while (!merchant.findProof(confirmed.txid)) {
      if (performance.now() - t0 > 10_000) throw new Error("proof did not arrive within 10 s");
      await new Promise((r) => setTimeout(r, 1));
    }
    confirmToProof.push(performance.now() - t0);
  }
  confirmToProof.sort((a, b) => a - b);
  return { result: run.result, cpu: cpuPer(run.cpuMs, run.result.ok), peakMb: run.peakMb.app ?? 0, confirmToProof };
}

/** The same intake against the floor servers. */
async function intakeOnFloors(floors: Floor[], context: Context, total: number) {
  const floorSessions = await Promise.all(floors.map(async (f) => (await (await fetch(`${f.url}/sessions`)).json()) as string[]));
  const n = floors.length;
  const floorRequests = await prepare(context.merchants, (i) => `${floors[i % n]!.url}/opencharge/orders/create/${floorSessions[i % n]![Math.floor(i / n)]}`, total);
  assertAllAccepted("floor warm-up", await load(floorRequests.slice(0, WARM_UP), 30, CONCURRENCY));
  const run = await measured({ app: floors.map((f) => f.process.pid!), db: postmasterPid(context.cluster) }, () => load(floorRequests.slice(WARM_UP), SECONDS, CONCURRENCY));
  assertAllAccepted("floor intake", run.result);
  return { result: run.result, cpu: cpuPer(run.cpuMs, run.result.ok) };
}

async function runScenario(scenario: Scenario, context: Context): Promise<Outcome> {
  const log = (message: string) => console.log(`bench [${scenario.label}]: ${message}`);
  const databaseUrl = scenario.engine === "postgresql" ? await context.cluster!.createDatabase(`bench_${scenario.key.replace(/-/g, "_")}`) : undefined;
  const total = Math.ceil(MAX_RATE * SECONDS) + WARM_UP;
  const apps: AppServer[] = [];
  const profileEnv: Record<string, string> = process.env.BENCH_CPU_PROFILE
    ? {
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${path.join(__dirname, "cpu-profile-preload.cjs")}`.trim(),
        BENCH_CPU_PROFILE_DIR: path.resolve(process.env.BENCH_CPU_PROFILE, scenario.key),
      }
    : {};
  let intakeApp: Awaited<ReturnType<typeof intakeOnApps>> | undefined;
  let salesApp: SalesMeasurement | undefined;
  let salesPeople: Awaited<ReturnType<typeof setUpSales>> | undefined;
  let appDatabaseUrl: string;
  try {
    // One after the other: the first applies the migrations (and builds when needed), the others find them done.
    for (let k = 0; k < scenario.instances; k++) {
      log(`starting app instance ${k + 1} of ${scenario.instances} (npm start, port ${PORT + 2 * k})…`);
      apps.push(
        await startAppServer({
          port: PORT + 2 * k,
          dataDir: path.join(benchDir, `${scenario.key}-${k + 1}`),
          gatewayOcid: GATEWAY_OCID,
          databaseUrl,
          env: {
            ...context.secrets,
            OPENCHARGE_REGISTRY: context.registryFile,
            ...(scenario.poolSize ? { DATABASE_POOL_SIZE: String(scenario.poolSize) } : {}),
            ...profileEnv,
          },
        }),
      );
    }
    appDatabaseUrl = apps[0]!.databaseUrl;
    if (runs("intake")) intakeApp = await intakeOnApps(apps, context, total, log);

    if (runs("payment-requests")) {
      log(`making ${MERCHANTS} merchants (a till key each) and ${PAYERS} payers…`);
      salesPeople = await setUpSales(appDatabaseUrl);
      log(`${SECONDS} s of sales (create, poll, pay, poll until DONE) at concurrency ${CONCURRENCY}…`);
      salesApp = await measureSales({ servers: apps.map((a) => a.baseUrl), ...salesPeople }, { server: apps.map((a) => a.pid), db: postmasterPid(context.cluster) }, databaseUrl, () =>
        toggleCpuProfiles(apps),
      );
      if ("failure" in salesApp) {
        console.error(`bench [${scenario.label}]: the sales FAILED: ${salesApp.failure}`);
        for (const [k, app] of apps.entries()) console.error(`--- app instance ${k + 1}, last output:\n${app.output().slice(-3000)}`);
      }
    }
  } catch (error) {
    for (const [k, app] of apps.entries()) console.error(`--- app instance ${k + 1}, last output:\n${app.output().slice(-3000)}`);
    throw error;
  } finally {
    for (const app of apps) await app.stop();
  }

  const floorsLabel = scenario.instances === 1 ? "the bare node:http floor server" : `${scenario.instances} bare node:http floor servers`;
  const keys = Object.fromEntries(context.merchants.map((m) => [m.ocid, m.publicKey]));
  const floors: Floor[] = [];
  let intakeFloor: Awaited<ReturnType<typeof intakeOnFloors>> | undefined;
  let salesFloor: SalesMeasurement | undefined;
  try {
    const sessions = intakeApp ? Math.ceil(total / scenario.instances) : 0;
    for (let k = 0; k < scenario.instances; k++) floors.push(await startFloor(appDatabaseUrl, PORT + 2 * k + 1, keys, sessions, scenario.poolSize ?? 1));
    if (intakeApp) {
      log(`the same intake on ${floorsLabel}…`);
      intakeFloor = await intakeOnFloors(floors, context, total);
    }
    if (salesPeople) {
      log(`the same sales on ${floorsLabel}…`);
      salesFloor = await measureSales({ servers: floors.map((f) => f.url), ...salesPeople }, { server: floors.map((f) => f.process.pid!), db: postmasterPid(context.cluster) }, databaseUrl);
    }
  } finally {
    await Promise.all(floors.map(stopFloor));
  }

  return {
    scenario,
    intake:
      intakeApp && intakeFloor
        ? { app: intakeApp.result, appCpu: intakeApp.cpu, peakMb: intakeApp.peakMb, floor: intakeFloor.result, floorCpu: intakeFloor.cpu, confirmToProof: intakeApp.confirmToProof }
        : undefined,
    sales: salesApp && salesFloor ? { app: salesApp, floor: salesFloor } : undefined,
  };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const cpuText = (c: CpuPer, engine: Scenario["engine"]) => `${c.app.toFixed(2)} / ${engine === "sqlite" ? "—" : c.db.toFixed(2)} / ${c.load.toFixed(2)} / ${c.other.toFixed(2)}`;

function intakeReport(outcomes: Outcome[]): string {
  const sqlite = outcomes.find((o) => o.scenario.engine === "sqlite")?.intake;
  const lines = [
    `Order intake (POST /opencharge/orders/create/{sessionId}), ${SECONDS} s at concurrency ${CONCURRENCY}, ${MERCHANTS} merchants, ${new Date().toISOString().slice(0, 10)}.`,
    `CPU per intake, in ms: server (app or floor processes) / PostgreSQL / load generator / the rest of the machine (other programs: more than`,
    `a few tenths of a ms there means the run was disturbed). PostgreSQL pools: ${POOL_ONE} connections for one instance, ${POOL_OF_TWO} for each of two.`,
    "",
    "| | intakes/s | p50 | p95 | p99 | CPU ms per intake | app / floor | vs SQLite app | confirm → proof p50 / p95 | server peak RSS |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const { scenario, intake: o } of outcomes) {
    if (!o) continue;
    const vsSqlite = sqlite && o !== sqlite ? (o.app.perSecond / sqlite.app.perSecond).toFixed(2) : "—";
    const proof = `${ms(percentile(o.confirmToProof, 50))} / ${ms(percentile(o.confirmToProof, 95))}`;
    lines.push(
      `| ${scenario.label}: app | ${o.app.perSecond} | ${ms(o.app.p50)} | ${ms(o.app.p95)} | ${ms(o.app.p99)} | ${cpuText(o.appCpu, scenario.engine)} | ${(o.app.perSecond / o.floor.perSecond).toFixed(2)} | ${vsSqlite} | ${proof} | ${o.peakMb} MB |`,
      `| ${scenario.label}: floor | ${o.floor.perSecond} | ${ms(o.floor.p50)} | ${ms(o.floor.p95)} | ${ms(o.floor.p99)} | ${cpuText(o.floorCpu, scenario.engine)} | | | | |`,
    );
    if (o.app.exhausted || o.floor.exhausted) lines.push(`(${scenario.label} ran out of pre-signed requests: raise MAX_RATE)`);
  }
  return lines.join("\n");
}

function salesReport(outcomes: Outcome[]): string {
  const sqlite = outcomes.find((o) => o.scenario.engine === "sqlite")?.sales?.app;
  const pair = (l: { p50: number; p95: number }) => `${ms(l.p50)} / ${ms(l.p95)}`;
  const aborts = (n: number | undefined) => (n === undefined ? "—" : (100 * n).toFixed(1));
  const lines = [
    `Pay a request (a sale: till POST /api/payment-requests, GET it, payer POST /api/wallet/payment-requests/{id}/pay, till GET until DONE),`,
    `${SECONDS} s at concurrency ${CONCURRENCY} (sales at once), ${MERCHANTS} merchants (one till key each), ${PAYERS} payers, ${new Date().toISOString().slice(0, 10)}.`,
    `CPU per sale, in ms: server / PostgreSQL / load generator / the rest of the machine. PostgreSQL aborts: transactions it aborted per 100 sales.`,
    "",
    "| | sales/s | create p50 / p95 | pay p50 / p95 | poll p50 / p95 | create → DONE p50 / p95 / p99 | CPU ms per sale | app / floor | vs SQLite app | PostgreSQL aborts | server peak RSS |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  const notes: string[] = [];
  for (const { scenario, sales } of outcomes) {
    if (!sales) continue;
    const { app, floor } = sales;
    const row = (name: string, m: SalesMeasurement, ratios: string) => {
      if ("failure" in m) {
        notes.push(`${scenario.label}, ${name}: ${m.failure}`);
        return `| ${scenario.label}: ${name} | **failed** ${m.phase === "warm-up" ? "in the warm-up, " : ""}after ${m.sales} sales in ${m.seconds.toFixed(1)} s (below) | | | | | | | | ${aborts(m.aborts)} | |`;
      }
      const r = m.result;
      if (r.pollsPerSale > 2) notes.push(`${scenario.label}, ${name}: ${r.pollsPerSale.toFixed(2)} polls per sale: a poll after the pay did not always see DONE at once`);
      return `| ${scenario.label}: ${name} | ${r.perSecond} | ${pair(r.create)} | ${pair(r.pay)} | ${pair(r.poll)} | ${pair(r.createToDone)} / ${ms(r.createToDone.p99)} | ${cpuText(m.cpu, scenario.engine)} | ${ratios} | ${aborts(m.aborts)} | ${name === "app" ? `${m.peakMb} MB` : ""} |`;
    };
    const both = "result" in app && "result" in floor;
    const vsSqlite = "result" in app && sqlite && "result" in sqlite && app !== sqlite ? (app.result.perSecond / sqlite.result.perSecond).toFixed(2) : "—";
    lines.push(row("app", app, `${both ? (app.result.perSecond / floor.result.perSecond).toFixed(2) : "—"} | ${vsSqlite}`), row("floor", floor, " | "));
  }
  return [...lines, ...notes.map((note) => `\n${note}`)].join("\n");
}

/** The failures of the run (an unexpected answer), each as one line. */
function failures(outcomes: Outcome[]): string[] {
  return outcomes.flatMap(({ scenario, sales }) =>
    Object.entries(sales ?? {}).flatMap(([name, m]) => ("failure" in m ? [`${scenario.label}, ${name}: ${m.failure}`] : [])),
  );
}

async function main() {
  const scenarios = SCENARIOS.filter((s) => chosen.includes(s.key));
  if (scenarios.length === 0) throw new Error(`BENCH_SCENARIOS names none of ${SCENARIOS.map((s) => s.key).join(", ")}`);
  const unknownPaths = chosenPaths.filter((p) => !(PATHS as readonly string[]).includes(p));
  if (unknownPaths.length > 0 || chosenPaths.length === 0) throw new Error(`BENCH_PATHS: ${unknownPaths.join(", ") || "(empty)"} is not one of ${PATHS.join(", ")}`);
  rmSync(benchDir, { recursive: true, force: true });
  mkdirSync(benchDir, { recursive: true });
  const registryFile = path.join(benchDir, "registry.json");
  // One gateway identity for every instance of every scenario: instances behind one address share it.
  const secrets = { AUTH_SECRET: randomBytes(32).toString("base64url"), OPENCHARGE_PRIVATE_KEY: generateKeyPair().privateKey };
  const merchants: SimulatedCounterparty[] = [];
  let cluster: ThrowawayCluster | undefined;
  const outcomes: Outcome[] = [];
  try {
    for (let i = 0; i < MERCHANTS; i++) {
      merchants.push(
        await startSimulatedMerchant({ ocid: 700 + i, acceptedIssuers: [GATEWAY_OCID], gatewayMetadataUrl: `http://localhost:${PORT}/opencharge/metadata.json`, gatewayOcid: GATEWAY_OCID }),
      );
    }
    writeFileSync(registryFile, JSON.stringify(Object.fromEntries(merchants.map((m) => [m.ocid, m.metadataUrl]))));
    if (scenarios.some((s) => s.engine === "postgresql")) {
      console.log("bench: starting a throwaway PostgreSQL cluster (durable: fsync and synchronous_commit on)…");
      cluster = await startThrowawayCluster();
      await makeDurable(cluster);
    }
    for (const scenario of scenarios) outcomes.push(await runScenario(scenario, { merchants, secrets, registryFile, cluster }));
    if (runs("intake")) console.log(`\n${intakeReport(outcomes)}`);
    if (runs("payment-requests")) console.log(`\n${salesReport(outcomes)}`);
    const failed = failures(outcomes);
    if (failed.length > 0) {
      console.error(`\nbench: FAILED — an unexpected answer ended ${failed.length} run(s) (the notes under the table above).`);
      process.exitCode = 1;
    }
  } finally {
    for (const m of merchants) await m.close();
    await cluster?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
