/**
 * `npm run bench`: order-intake throughput and latency of POST /opencharge/orders/create/{sessionId} against
 * the production build (`npm start`), and the end-to-end latency from a confirm to the proof arriving at the
 * merchant, in one run on:
 *   - SQLite, one app instance (a fresh file in data/bench/);
 *   - PostgreSQL, one app instance, and two app instances on one database (each on its own port, the load
 *     spread across both), on a throwaway cluster this script starts (scripts/db/pg-cluster.ts), made as
 *     durable as the SQLite side (postgres-durable.ts), and stops;
 * each beside its floor: the bare node:http server doing the same signature checks and writes on that engine
 * (floor-server.ts; one floor process per app instance).
 *
 * Options (env): BENCH_SECONDS (15), BENCH_CONCURRENCY (8), BENCH_MERCHANTS (4), BENCH_PORT (3300; the run
 * uses the four ports from there), BENCH_POOL_SIZE (PostgreSQL connections of a single instance, 8),
 * BENCH_POOL_SIZE_OF_TWO (of each of two instances, 4), BENCH_SCENARIOS (sqlite,postgresql-1,postgresql-2),
 * BENCH_CPU_PROFILE (a folder: the app servers write V8 CPU profiles of the measured load there, cpu-profile-preload.cjs).
 */
import { execFile, spawn, type ChildProcessByStdio } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { promisify } from "node:util";
import { startSimulatedMerchant } from "../../e2e/simulators";
import type { SimulatedCounterparty } from "../../e2e/simulators/counterparty-server";
import { generateKeyPair } from "../../lib/opencharge/crypto";
import { startThrowawayCluster, type ThrowawayCluster } from "../db/pg-cluster";
import { startAppServer, type AppServer } from "../lib/app-server";
import { descendants, load, measured, percentile, prepare, type LoadResult } from "./load";
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

type Scenario = { key: string; label: string; engine: "sqlite" | "postgresql"; instances: number; poolSize?: number };
const SCENARIOS: Scenario[] = [
  { key: "sqlite", label: "SQLite, 1 instance", engine: "sqlite", instances: 1 },
  { key: "postgresql-1", label: "PostgreSQL, 1 instance", engine: "postgresql", instances: 1, poolSize: POOL_ONE },
  { key: "postgresql-2", label: "PostgreSQL, 2 instances", engine: "postgresql", instances: 2, poolSize: POOL_OF_TWO },
];
const chosen = (process.env.BENCH_SCENARIOS || SCENARIOS.map((s) => s.key).join(",")).split(",").map((s) => s.trim());

type CpuPerIntake = { app: number; db: number; load: number; other: number };
type Outcome = {
  scenario: Scenario;
  app: LoadResult;
  appCpu: CpuPerIntake;
  peakMb: number;
  floor: LoadResult;
  floorCpu: CpuPerIntake;
  confirmToProof: number[];
};

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

function perIntake(cpuMs: Record<string, number>, ok: number): CpuPerIntake {
  const per = (name: string) => (cpuMs[name] ?? 0) / Math.max(1, ok);
  return { app: per("app"), db: per("db"), load: per("load"), other: per("other") };
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

async function runScenario(scenario: Scenario, context: { merchants: SimulatedCounterparty[]; secrets: Record<string, string>; registryFile: string; cluster?: ThrowawayCluster }): Promise<Outcome> {
  const { merchants } = context;
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
  let appResult: { result: LoadResult; peakMb: Record<string, number>; cpuMs: Record<string, number> };
  const confirmToProof: number[] = [];
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
    const instanceOf = (i: number) => apps[i % apps.length]!;

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
    appResult = await measured({ app: apps.map((a) => a.pid), db: postmasterPid(context.cluster) }, () => load(requests.slice(WARM_UP), SECONDS, CONCURRENCY));
    toggleCpuProfiles(apps);
    assertAllAccepted("intake", appResult.result);

    log(`${E2E_SAMPLES} confirms, timing until the proof reaches the merchant…`);
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
  } catch (error) {
    for (const [k, app] of apps.entries()) console.error(`--- app instance ${k + 1}, last output:\n${app.output().slice(-3000)}`);
    throw error;
  } finally {
    for (const app of apps) await app.stop();
  }

  log(`the same intake on ${scenario.instances === 1 ? "the bare node:http floor server" : `${scenario.instances} bare node:http floor servers`}…`);
  const keys = Object.fromEntries(merchants.map((m) => [m.ocid, m.publicKey]));
  const floors: Floor[] = [];
  let floorResult: Awaited<ReturnType<typeof measured<LoadResult>>>;
  try {
    for (let k = 0; k < scenario.instances; k++) {
      floors.push(await startFloor(appDatabaseUrl, PORT + 2 * k + 1, keys, Math.ceil(total / scenario.instances), scenario.poolSize ?? 1));
    }
    const floorSessions = await Promise.all(floors.map(async (f) => (await (await fetch(`${f.url}/sessions`)).json()) as string[]));
    const n = floors.length;
    const floorRequests = await prepare(merchants, (i) => `${floors[i % n]!.url}/opencharge/orders/create/${floorSessions[i % n]![Math.floor(i / n)]}`, total);
    assertAllAccepted("floor warm-up", await load(floorRequests.slice(0, WARM_UP), 30, CONCURRENCY));
    floorResult = await measured({ app: floors.map((f) => f.process.pid!), db: postmasterPid(context.cluster) }, () => load(floorRequests.slice(WARM_UP), SECONDS, CONCURRENCY));
    assertAllAccepted("floor intake", floorResult.result);
  } finally {
    await Promise.all(floors.map(stopFloor));
  }

  return {
    scenario,
    app: appResult.result,
    appCpu: perIntake(appResult.cpuMs, appResult.result.ok),
    peakMb: appResult.peakMb.app ?? 0,
    floor: floorResult.result,
    floorCpu: perIntake(floorResult.cpuMs, floorResult.result.ok),
    confirmToProof,
  };
}

function report(outcomes: Outcome[]): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const cpu = (c: CpuPerIntake, engine: Scenario["engine"]) => `${c.app.toFixed(2)} / ${engine === "sqlite" ? "—" : c.db.toFixed(2)} / ${c.load.toFixed(2)} / ${c.other.toFixed(2)}`;
  const sqlite = outcomes.find((o) => o.scenario.engine === "sqlite");
  const lines = [
    `Order intake (POST /opencharge/orders/create/{sessionId}), ${SECONDS} s at concurrency ${CONCURRENCY}, ${MERCHANTS} merchants, ${new Date().toISOString().slice(0, 10)}.`,
    `CPU per intake, in ms: server (app or floor processes) / PostgreSQL / load generator / the rest of the machine (other programs: more than`,
    `a few tenths of a ms there means the run was disturbed). PostgreSQL pools: ${POOL_ONE} connections for one instance, ${POOL_OF_TWO} for each of two.`,
    "",
    "| | intakes/s | p50 | p95 | p99 | CPU ms per intake | app / floor | vs SQLite app | confirm → proof p50 / p95 | server peak RSS |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const o of outcomes) {
    const vsSqlite = sqlite && o !== sqlite ? (o.app.perSecond / sqlite.app.perSecond).toFixed(2) : "—";
    const proof = `${ms(percentile(o.confirmToProof, 50))} / ${ms(percentile(o.confirmToProof, 95))}`;
    lines.push(
      `| ${o.scenario.label}: app | ${o.app.perSecond} | ${ms(o.app.p50)} | ${ms(o.app.p95)} | ${ms(o.app.p99)} | ${cpu(o.appCpu, o.scenario.engine)} | ${(o.app.perSecond / o.floor.perSecond).toFixed(2)} | ${vsSqlite} | ${proof} | ${o.peakMb} MB |`,
      `| ${o.scenario.label}: floor | ${o.floor.perSecond} | ${ms(o.floor.p50)} | ${ms(o.floor.p95)} | ${ms(o.floor.p99)} | ${cpu(o.floorCpu, o.scenario.engine)} | | | | |`,
    );
    if (o.app.exhausted || o.floor.exhausted) lines.push(`(${o.scenario.label} ran out of pre-signed requests: raise MAX_RATE)`);
  }
  return lines.join("\n");
}

async function main() {
  const scenarios = SCENARIOS.filter((s) => chosen.includes(s.key));
  if (scenarios.length === 0) throw new Error(`BENCH_SCENARIOS names none of ${SCENARIOS.map((s) => s.key).join(", ")}`);
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
    console.log(`\n${report(outcomes)}`);
  } finally {
    for (const m of merchants) await m.close();
    await cluster?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
