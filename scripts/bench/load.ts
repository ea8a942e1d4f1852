/** The benchmark's load generator and its measurements: pre-signed intakes, latency percentiles, memory and CPU of process trees. */
import { readdirSync, readFileSync } from "node:fs";
import type { SimulatedCounterparty } from "../../e2e/simulators/counterparty-server";

export type Prepared = { url: string; headers: Record<string, string>; body: string };

export type LoadResult = {
  requests: number;
  ok: number;
  statuses: Record<string, number>;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** The run ran out of pre-signed requests before its time was up. */
  exhausted: boolean;
  /** The first few distinct failures of requests that got no answer (status -1). */
  errors: string[];
};

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Signed order intakes, request i from merchant i mod n to the session URL `sessionUrl(i)`. Signing takes
 * seconds: it yields to the event loop now and then, so fetch's pooled keep-alive connections are retired
 * when the server closes them (a loop blocked past the server's keep-alive timeout hands the next requests
 * connections that are already closed: "other side closed").
 */
export async function prepare(merchants: SimulatedCounterparty[], sessionUrl: (i: number) => string, count: number): Promise<Prepared[]> {
  const out: Prepared[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    const merchant = merchants[i % merchants.length]!;
    const order = merchant.buildOrder({ amount: "10.00", items: [{ id: "a", name: "Coffee", quantity: 2, price: "5.00" }] });
    const url = sessionUrl(i);
    const body = JSON.stringify({ order, signature: merchant.signOrder(order), urls: { completed: `${merchant.url}/done`, cancelled: `${merchant.url}/cancel` } });
    out.push({ url, body, headers: { ...merchant.signHeaders("POST", url, body), "content-type": "application/json" } });
  }
  return out;
}

/** `concurrency` clients post the requests in order, each waiting for its answer, for `seconds`. */
export async function load(requests: Prepared[], seconds: number, concurrency: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const errors = new Set<string>();
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
        } catch (error) {
          status = -1;
          const cause = (error as { cause?: unknown }).cause;
          if (errors.size < 5) errors.add(`${String(error)}${cause ? ` (${String(cause)})` : ""}`);
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
    errors: [...errors],
  };
}

/** `pid` and every process below it (one walk of /proc). */
export function descendants(pid: number): number[] {
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

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU time (ms, user + system) each process has used so far. */
function cpuTimes(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // fields[0] is field 3 (state): utime is field 14, stime field 15.
      out.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND);
    } catch {
      // gone
    }
  }
  return out;
}

/**
 * CPU time (ms) processes have used so far on the whole machine, all cores: user, nice and system — what the
 * processes' own times add up to. Interrupt work (the loopback network's softirqs among it) is left out.
 */
function machineBusyMs(): number {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0] = fields;
  return ((user + nice + system) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * Runs `fn` while measuring, per named group of process trees: the peak RSS of its largest process (MB) and
 * the CPU time its processes used (ms), plus the CPU time of this process (the load generator). The trees are
 * walked before and after (new processes, e.g. database connections opened during the run, count from zero).
 * `other` is what the rest of the machine used meanwhile (other programs, the kernel's own work): more than a
 * little of it means the numbers are disturbed.
 */
export async function measured<T>(groups: Record<string, number[]>, fn: () => Promise<T>): Promise<{ result: T; peakMb: Record<string, number>; cpuMs: Record<string, number> }> {
  const treesOf = () => Object.fromEntries(Object.entries(groups).map(([name, roots]) => [name, roots.flatMap(descendants)]));
  const before = treesOf();
  const cpuBefore = Object.fromEntries(Object.entries(before).map(([name, pids]) => [name, cpuTimes(pids)]));
  const selfBefore = process.cpuUsage();
  const machineBefore = machineBusyMs();
  const peak: Record<string, number> = Object.fromEntries(Object.keys(groups).map((name) => [name, 0]));
  const sample = () => {
    for (const [name, pids] of Object.entries(before)) {
      for (const p of pids) {
        try {
          const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
          peak[name] = Math.max(peak[name]!, kb);
        } catch {
          // gone
        }
      }
    }
  };
  const timer = setInterval(sample, 100);
  sample();
  try {
    const result = await fn();
    const self = process.cpuUsage(selfBefore);
    const machine = machineBusyMs() - machineBefore;
    const after = treesOf();
    const cpuMs: Record<string, number> = { load: (self.user + self.system) / 1000 };
    for (const [name, pids] of Object.entries(after)) {
      let total = 0;
      for (const [pid, ms] of cpuTimes(pids)) total += ms - (cpuBefore[name]!.get(pid) ?? 0);
      cpuMs[name] = total;
    }
    cpuMs.other = Math.max(0, machine - Object.values(cpuMs).reduce((a, b) => a + b, 0));
    return { result, peakMb: Object.fromEntries(Object.entries(peak).map(([name, kb]) => [name, Math.round(kb / 1024)])), cpuMs };
  } finally {
    clearInterval(timer);
  }
}
