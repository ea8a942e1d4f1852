/**
 * `npm run bench`: order-intake throughput and latency of POST /opencharge/orders/create/{sessionId}
 * against the production build on a fresh embedded database, the end-to-end latency from a confirm to
 * the proof arriving at the merchant, and the same intake on a bare node:http "floor" server.
 *
 * Options (env): BENCH_SECONDS (15), BENCH_CONCURRENCY (8), BENCH_MERCHANTS (4), BENCH_PORT (3300).
 */
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startSimulatedMerchant } from "../../e2e/simulators";
import type { SimulatedCounterparty } from "../../e2e/simulators/counterparty-server";
import { startAppServer } from "../lib/app-server";

const root = path.resolve(__dirname, "../..");
const SECONDS = Number(process.env.BENCH_SECONDS || 15);
// A till posts one order at a time; 8 tills hammering at once is already far beyond a busy shop.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 8);
const MERCHANTS = Number(process.env.BENCH_MERCHANTS || 4);
const PORT = Number(process.env.BENCH_PORT || 3300);
const FLOOR_PORT = PORT + 1;
const GATEWAY_OCID = 100;
const MAX_RATE = 1100; // requests pre-signed per second of the run (the load generator must not be the bottleneck)
const E2E_SAMPLES = 40;

type Prepared = { url: string; headers: Record<string, string>; body: string };

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, "utf8"))?.[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // process ended
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return out;
}

/** Peak RSS (MB) of the largest process in the tree under `pid` (the server), sampled while `fn` runs. */
async function withPeakMemory<T>(pid: number, fn: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = 0;
  const processes = descendants(pid); // the tree is up before the load starts; walking /proc each tick would cost the load generator
  const sample = () => {
    for (const p of processes) {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
        peak = Math.max(peak, kb);
      } catch {
        // gone
      }
    }
  };
  const timer = setInterval(sample, 100);
  sample();
  try {
    return { result: await fn(), peakMb: Math.round(peak / 1024) };
  } finally {
    clearInterval(timer);
  }
}

function prepare(merchants: SimulatedCounterparty[], sessionUrl: (i: number) => string, count: number): Prepared[] {
  const out: Prepared[] = [];
  for (let i = 0; i < count; i++) {
    const merchant = merchants[i % merchants.length]!;
    const order = merchant.buildOrder({ amount: "10.00", items: [{ id: "a", name: "Coffee", quantity: 2, price: "5.00" }] });
    const url = sessionUrl(i);
    const body = JSON.stringify({ order, signature: merchant.signOrder(order), urls: { completed: `${merchant.url}/done`, cancelled: `${merchant.url}/cancel` } });
    out.push({ url, body, headers: { ...merchant.signHeaders("POST", url, body), "content-type": "application/json" } });
  }
  return out;
}

async function load(requests: Prepared[], seconds: number, concurrency: number) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline && next < requests.length) {
        const request = requests[next++]!;
        const t0 = performance.now();
        let status = 0;
        try {
          const response = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body });
          status = response.status;
          await response.arrayBuffer();
        } catch {
          status = -1;
        }
        latencies.push(performance.now() - t0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    ok: statuses.get(200) ?? 0,
    statuses: Object.fromEntries(statuses),
    perSecond: Math.round((statuses.get(200) ?? 0) / elapsed),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    exhausted: next >= requests.length,
  };
}

function cli(databaseUrl: string, ...args: string[]): string {
  const out = execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/wallet.ts", ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  return out.trim().split("\n").at(-1)!;
}

async function main() {
  const dataDir = path.join(root, "data/bench");
  const registryFile = path.join(dataDir, "registry.json");
  console.log("bench: starting the production build on a fresh database…");
  const app = await startAppServer({ port: PORT, dataDir, gatewayOcid: GATEWAY_OCID, env: { OPENCHARGE_REGISTRY: registryFile } });
  const merchants: SimulatedCounterparty[] = [];
  try {
    for (let i = 0; i < MERCHANTS; i++) {
      merchants.push(
        await startSimulatedMerchant({ ocid: 700 + i, acceptedIssuers: [GATEWAY_OCID], gatewayMetadataUrl: `${app.baseUrl}/opencharge/metadata.json`, gatewayOcid: GATEWAY_OCID }),
      );
    }
    writeFileSync(registryFile, JSON.stringify(Object.fromEntries(merchants.map((m) => [m.ocid, m.metadataUrl]))));

    cli(app.databaseUrl, "user:create", "--email", "bench@example.test", "--password", "bench password 123");
    cli(app.databaseUrl, "topup", "--email", "bench@example.test", "--amount", "1000000.00", "--currency", "USD");
    const token = cli(app.databaseUrl, "token:create", "--email", "bench@example.test");
    const auth = { authorization: `Bearer ${token}` };

    const total = Math.ceil(MAX_RATE * SECONDS) + 300;
    console.log(`bench: creating ${total} pay sessions and pre-signing ${total} orders…`);
    const sessions: string[] = [];
    for (let i = 0; i < total; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, total - i) }, () =>
          fetch(`${app.baseUrl}/api/wallet/sessions`, { method: "POST", headers: auth }).then((r) => r.json() as Promise<{ qrPayload: { order: string } }>),
        ),
      );
      sessions.push(...batch.map((b) => b.qrPayload.order));
    }
    const requests = prepare(merchants, (i) => sessions[i]!, total);

    await load(requests.slice(0, 300), 30, CONCURRENCY); // warm-up: JIT, caches, metadata of every merchant
    console.log(`bench: ${SECONDS} s of order intake at concurrency ${CONCURRENCY}…`);
    const { result: intake, peakMb } = await withPeakMemory(app.pid, () => load(requests.slice(300), SECONDS, CONCURRENCY));

    console.log(`bench: ${E2E_SAMPLES} confirms, timing until the proof reaches the merchant…`);
    const e2e: number[] = [];
    const merchant = merchants[0]!;
    for (let i = 0; i < E2E_SAMPLES; i++) {
      const session = (await (await fetch(`${app.baseUrl}/api/wallet/sessions`, { method: "POST", headers: auth })).json()) as { sessionId: string; qrPayload: { order: string } };
      const [request] = prepare([merchant], () => session.qrPayload.order, 1);
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
      e2e.push(performance.now() - t0);
    }
    e2e.sort((a, b) => a - b);

    console.log("bench: the same intake on the bare node:http floor server…");
    const keys = Object.fromEntries(merchants.map((m) => [m.ocid, m.publicKey]));
    await app.stop();
    const floor = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/bench/floor-server.ts", app.databaseUrl.slice(5), String(FLOOR_PORT), JSON.stringify(keys), String(total)], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      floor.stdout.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
      floor.once("exit", (code) => reject(new Error(`the floor server exited with ${code} before it was ready`)));
    });
    const floorSessions = (await (await fetch(`http://127.0.0.1:${FLOOR_PORT}/sessions`)).json()) as string[];
    const floorRequests = prepare(merchants, (i) => `http://127.0.0.1:${FLOOR_PORT}/opencharge/orders/create/${floorSessions[i]}`, total);
    await load(floorRequests.slice(0, 300), 30, CONCURRENCY);
    const floorResult = await load(floorRequests.slice(300), SECONDS, CONCURRENCY);
    floor.kill();

    const ms = (n: number) => `${n.toFixed(1)} ms`;
    const report = [
      `Order intake (POST /opencharge/orders/create/{sessionId}), ${SECONDS} s at concurrency ${CONCURRENCY}, ${MERCHANTS} merchants:`,
      `  app:   ${intake.perSecond} intakes/s, p50 ${ms(intake.p50)}, p95 ${ms(intake.p95)}, p99 ${ms(intake.p99)}, statuses ${JSON.stringify(intake.statuses)}, server peak RSS ${peakMb} MB${intake.exhausted ? " (ran out of pre-signed requests: raise MAX_RATE)" : ""}`,
      `  floor: ${floorResult.perSecond} intakes/s, p50 ${ms(floorResult.p50)}, p95 ${ms(floorResult.p95)}, p99 ${ms(floorResult.p99)}, statuses ${JSON.stringify(floorResult.statuses)}`,
      `  app / floor throughput: ${(intake.perSecond / floorResult.perSecond).toFixed(2)}`,
      `Confirm → proof at the merchant's webhook (${E2E_SAMPLES} payments): p50 ${ms(percentile(e2e, 50))}, p95 ${ms(percentile(e2e, 95))}, max ${ms(e2e.at(-1)!)}`,
    ].join("\n");
    console.log(`\n${report}`);
  } finally {
    for (const m of merchants) await m.close();
    await app.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
