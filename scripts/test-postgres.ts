/**
 * `npm run test:pg`: the integration and end-to-end suites on PostgreSQL. Starts a throwaway cluster from
 * Debian's postgresql package (on a free port, under a temp folder, never a global service), runs
 * `vitest run` and `playwright test` against it (TEST_POSTGRES_URL: every test file and the e2e app get
 * databases of their own on it), and stops it, whatever happened.
 *
 *   npm run test:pg                  both suites
 *   npm run test:pg -- unit | e2e    one of them
 *   TEST_POSTGRES_URL=postgresql://… npm run test:pg   an existing server instead (a role that may CREATE DATABASE)
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { startThrowawayCluster, type ThrowawayCluster } from "./db/pg-cluster";

const root = path.resolve(__dirname, "..");

function run(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const result = spawnSync(process.execPath, [path.join(root, command), ...args], { cwd: root, stdio: "inherit", env });
  return result.status ?? 1;
}

async function main(): Promise<number> {
  const which = process.argv[2] ?? "all";
  if (!["all", "unit", "e2e"].includes(which)) throw new Error("usage: npm run test:pg [-- unit | e2e]");
  let cluster: ThrowawayCluster | undefined;
  let url = process.env.TEST_POSTGRES_URL;
  if (!url) {
    cluster = await startThrowawayCluster();
    url = cluster.url;
    console.log(`[test:pg] PostgreSQL cluster on port ${cluster.port} (${cluster.dir})`);
  }
  const env = { ...process.env, TEST_POSTGRES_URL: url, NEXT_TELEMETRY_DISABLED: "1" };
  let status = 0;
  try {
    if (which !== "e2e") status ||= run("node_modules/vitest/vitest.mjs", ["run"], env);
    // A port of its own, so a SQLite e2e run on 3210 can go on at the same time.
    if (which !== "unit") status ||= run("node_modules/@playwright/test/cli.js", ["test"], { ...env, E2E_PORT: process.env.E2E_PORT ?? "3230" });
  } finally {
    await cluster?.stop();
  }
  return status;
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(`[test:pg] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
