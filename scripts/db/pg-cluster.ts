/**
 * Throwaway PostgreSQL clusters for tests and tooling: Debian's server binaries, a fresh data folder under the
 * temp dir, a free loopback port, no global service. Started in ~2 s, stopped and deleted by stop().
 *
 *   const cluster = await startThrowawayCluster();
 *   const url = await cluster.createDatabase("case_1");   // postgresql://postgres@127.0.0.1:PORT/case_1
 *   …
 *   await cluster.stop();
 *
 * stopServer() / startServer() / restart() take the server down and up again on the same data and port (fault
 * tests: an outage while the app runs).
 *
 * Run as root (CI, these machines), the server runs as the `postgres` user: PostgreSQL refuses to run as root.
 * A watchdog process stops the server if this process dies without calling stop() (a crashed or killed test
 * run must not leave servers behind).
 */
import { execFileSync, spawn, spawnSync, type SpawnSyncOptions } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export type ThrowawayCluster = {
  /** postgresql://postgres@127.0.0.1:PORT/postgres (trust authentication: no password). */
  url: string;
  port: number;
  /** The data folder (also the Unix socket folder); deleted by stop(). */
  dir: string;
  /** Creates a database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown, then SIGKILL if it lingers) and deletes the data folder. Idempotent. */
  stop(): Promise<void>;
  /**
   * Stops the server but keeps its data folder (and port), as an outage or a restart of a real server would:
   * clients lose their connections and new ones are refused until startServer(). Fault tests use it.
   */
  stopServer(): Promise<void>;
  /** Starts the server again on the same folder and port (after stopServer()). */
  startServer(): Promise<void>;
  /** stopServer() then startServer(). */
  restart(): Promise<void>;
};

const INSTALL_HINT = 'install the server with "apt-get install postgresql" (or set PG_BIN_DIR to the folder holding initdb and pg_ctl)';

/** The folder with initdb/pg_ctl/postgres: PG_BIN_DIR, else the newest /usr/lib/postgresql/<version>/bin; null when absent. */
export function findPostgresBinDir(): string | null {
  const hasServer = (dir: string) => ["initdb", "pg_ctl", "postgres"].every((name) => existsSync(path.join(dir, name)));
  const fromEnv = process.env.PG_BIN_DIR;
  if (fromEnv) return hasServer(fromEnv) ? fromEnv : null;
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  for (const version of versions) {
    const dir = path.join(base, version, "bin");
    if (hasServer(dir)) return dir;
  }
  return null;
}

/** The uid/gid to run the server as: the current user, or `postgres` when we are root. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    if (Number.isInteger(uid) && Number.isInteger(gid) && uid !== 0) return { uid, gid };
  } catch {
    // fall through
  }
  throw new Error(`PostgreSQL refuses to run as root and there is no "postgres" user: ${INSTALL_HINT}, or run as another user.`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

function runAs(user: { uid: number; gid: number } | undefined, file: string, args: string[], options: SpawnSyncOptions = {}) {
  // HOME/USER of root would be unreadable for the postgres user; the server needs neither.
  const env = { ...process.env, LC_ALL: "C", LANG: "C" };
  return spawnSync(file, args, { encoding: "utf8", env, ...(user ?? {}), ...options });
}

/**
 * runAs without blocking the event loop: while the server stops or starts, this process keeps handling its
 * sockets, as an app would during a real restart (its pooled connections see the server's goodbye at once).
 */
function runAsAsync(user: { uid: number; gid: number } | undefined, file: string, args: string[]): Promise<{ status: number | null }> {
  const env = { ...process.env, LC_ALL: "C", LANG: "C" };
  return new Promise((resolve) => {
    const child = spawn(file, args, { env, stdio: "ignore", ...(user ?? {}) });
    child.on("error", () => resolve({ status: null }));
    child.on("exit", (status) => resolve({ status }));
  });
}

function logTail(dir: string): string {
  try {
    return readFileSync(path.join(dir, "log"), "utf8").trim().split("\n").slice(-8).join("\n");
  } catch {
    return "(no server log)";
  }
}

function postmasterPid(dir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  // A stopped postmaster is re-parented to PID 1 and stays a zombie until PID 1 reaps it (about a second in
  // these containers): it is dead for our purposes.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    // no /proc entry: gone (Linux), or no /proc at all (ask the kernel below)
    if (existsSync("/proc/self/stat")) return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stops the dead parent's cluster: polls the parent pid and, once it is gone, stops the server and deletes the
 * folder. Exits by itself when the folder disappears (stop() ran). Plain JS so it needs no tsx.
 */
const WATCHDOG = `
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const [parent, pgCtl, dir, uid, gid] = process.argv.slice(1);
const alive = (pid) => {
  try { const s = fs.readFileSync("/proc/" + pid + "/stat", "utf8"); return s[s.lastIndexOf(")") + 2] !== "Z"; } catch {}
  if (fs.existsSync("/proc/self/stat")) return false;
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === "EPERM"; }
};
const timer = setInterval(() => {
  if (!fs.existsSync(dir)) { clearInterval(timer); return; }
  if (alive(Number(parent))) return;
  clearInterval(timer);
  const user = uid ? { uid: Number(uid), gid: Number(gid) } : {};
  spawnSync(pgCtl, ["-D", dir, "-m", "immediate", "-w", "-t", "20", "stop"], { stdio: "ignore", ...user });
  let pid;
  try { pid = Number(fs.readFileSync(dir + "/postmaster.pid", "utf8").split("\\n")[0]); } catch {}
  if (pid && alive(pid)) { try { process.kill(pid, "SIGKILL"); } catch {} }
  fs.rmSync(dir, { recursive: true, force: true });
}, 1000);
`;

/**
 * Starts a fresh cluster on a free loopback port. fsync and friends are off: the data is thrown away, so
 * durability only costs time. Throws with a clear message (and the server log's tail) when it cannot start.
 */
export async function startThrowawayCluster(options: { log?: (line: string) => void } = {}): Promise<ThrowawayCluster> {
  const binDir = findPostgresBinDir();
  if (!binDir) throw new Error(`PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: ${INSTALL_HINT}.`);
  const user = serverUser();
  const initdb = path.join(binDir, "initdb");
  const pgCtl = path.join(binDir, "pg_ctl");

  const dir = mkdtempSync(path.join(os.tmpdir(), "pg-throwaway-"));
  try {
    if (user) chownSync(dir, user.uid, user.gid);
    const init = runAs(user, initdb, ["-D", dir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]);
    if (init.status !== 0) throw new Error(`initdb failed: ${(init.stderr || init.stdout || String(init.error)).toString().trim()}`);

    const startArgs = (port: number) => {
      const settings = [`-p ${port}`, "-c listen_addresses=127.0.0.1", `-k ${dir}`, "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"];
      return ["-D", dir, "-l", path.join(dir, "log"), "-w", "-t", "30", "-o", settings.join(" "), "start"];
    };
    const startOn = (port: number) => runAs(user, pgCtl, startArgs(port));
    // The port is free when chosen but another process may take it before the server binds: retry on a new one.
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const started = startOn(port);
      if (started.status === 0) break;
      const tail = logTail(dir);
      if (attempt < 3 && /could not (bind|create listen socket)|address already in use/i.test(tail)) continue;
      throw new Error(`PostgreSQL did not start (pg_ctl exit ${started.status}):\n${tail}`);
    }

    const watchdog = spawn(process.execPath, ["-e", WATCHDOG, String(process.pid), pgCtl, dir, user ? String(user.uid) : "", user ? String(user.gid) : ""], {
      detached: true,
      stdio: "ignore",
    });
    watchdog.unref();

    const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    options.log?.(`PostgreSQL cluster on port ${port} (${dir})`);
    let stopping: Promise<void> | undefined;
    /** Stops the postmaster: fast (disconnects clients, clean shutdown), then immediate, then SIGKILL. */
    const stopPostmaster = async () => {
      const pid = postmasterPid(dir);
      // fast: disconnects clients and shuts down cleanly (smart would wait for every client to leave).
      await runAsAsync(user, pgCtl, ["-D", dir, "-m", "fast", "-w", "-t", "20", "stop"]);
      if (pid !== undefined) {
        for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
        if (isAlive(pid)) {
          await runAsAsync(user, pgCtl, ["-D", dir, "-m", "immediate", "-w", "-t", "10", "stop"]);
          if (isAlive(pid)) process.kill(pid, "SIGKILL");
        }
      }
    };
    const startServer = async () => {
      if (stopping) throw new Error("this cluster was stopped and deleted: start a new one");
      const pid = postmasterPid(dir);
      if (pid !== undefined && isAlive(pid)) return;
      const started = await runAsAsync(user, pgCtl, startArgs(port));
      if (started.status !== 0) throw new Error(`PostgreSQL did not start again on port ${port} (pg_ctl exit ${started.status}):\n${logTail(dir)}`);
    };
    const stopServer = async () => {
      if (stopping) return;
      await stopPostmaster();
    };
    return {
      url,
      port,
      dir,
      async createDatabase(name: string) {
        if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name must be lowercase letters, digits and _: ${name}`);
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE "${name}"`);
        } finally {
          await client.end();
        }
        return `postgresql://postgres@127.0.0.1:${port}/${name}`;
      },
      stopServer,
      startServer,
      async restart() {
        await stopServer();
        await startServer();
      },
      stop() {
        stopping ??= (async () => {
          await stopPostmaster();
          rmSync(dir, { recursive: true, force: true });
          if (watchdog.pid !== undefined && isAlive(watchdog.pid)) {
            try {
              process.kill(watchdog.pid);
            } catch {
              // already gone
            }
          }
        })();
        return stopping;
      },
    };
  } catch (error) {
    // A half-started cluster must not outlive the failure.
    const pid = postmasterPid(dir);
    if (pid !== undefined && isAlive(pid)) {
      runAs(user, pgCtl, ["-D", dir, "-m", "immediate", "-w", "stop"], { stdio: "ignore" });
      if (isAlive(pid)) process.kill(pid, "SIGKILL");
    }
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

if (require.main === module) {
  // Manual use: `npx tsx scripts/db/pg-cluster.ts` starts one and prints its URL until Ctrl-C.
  startThrowawayCluster({ log: console.log }).then((cluster) => {
    console.log(cluster.url);
    const stop = () => void cluster.stop().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  }, (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
