/**
 * The benchmark's PostgreSQL runs with the durability the SQLite side has (synchronous=FULL: a commit is on
 * disk before it is answered). Throwaway clusters (scripts/db/pg-cluster.ts) start with fsync,
 * synchronous_commit and full_page_writes off, as command-line settings that nothing but a restart can
 * change, so the bench restarts its cluster with them on — same port, same folder, same owner.
 */
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { findPostgresBinDir, type ThrowawayCluster } from "../db/pg-cluster";

export async function makeDurable(cluster: ThrowawayCluster): Promise<void> {
  const binDir = findPostgresBinDir();
  if (!binDir) throw new Error("PostgreSQL server binaries not found");
  const owner = statSync(cluster.dir); // the server runs as the folder's owner (postgres when we are root)
  const settings = [`-p ${cluster.port}`, "-c listen_addresses=127.0.0.1", `-k ${cluster.dir}`, "-c fsync=on", "-c synchronous_commit=on", "-c full_page_writes=on"];
  const restarted = spawnSync(path.join(binDir, "pg_ctl"), ["-D", cluster.dir, "-l", path.join(cluster.dir, "log"), "-m", "fast", "-w", "-t", "30", "-o", settings.join(" "), "restart"], {
    encoding: "utf8",
    env: { ...process.env, LC_ALL: "C", LANG: "C" },
    uid: owner.uid,
    gid: owner.gid,
  });
  if (restarted.status !== 0) throw new Error(`pg_ctl restart failed: ${restarted.stderr || restarted.stdout}`);
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    const shown = await client.query<{ name: string; setting: string }>(`SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')`);
    const off = shown.rows.filter((row) => row.setting !== "on");
    if (off.length) throw new Error(`PostgreSQL is still not durable: ${off.map((row) => `${row.name}=${row.setting}`).join(", ")}`);
  } finally {
    await client.end();
  }
}
