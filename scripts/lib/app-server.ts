/**
 * Starts the app the way an operator does (`npm start`: migrate, build when needed, run server/index.ts) on a
 * fresh data folder, and waits until it answers. Used by the Playwright run and the benchmark.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { generateKeyPair } from "../../lib/opencharge/crypto";

const root = path.resolve(__dirname, "../..");

export type AppServer = {
  baseUrl: string;
  pid: number;
  databaseUrl: string;
  /** The variables this instance was started with on top of the inherited environment (secrets included), so another instance can share them. */
  env: Record<string, string>;
  output: () => string;
  stop: () => Promise<void>;
};

export async function startAppServer(options: {
  port: number;
  dataDir: string;
  gatewayOcid: number;
  /** The database (default: a SQLite file in dataDir). A PostgreSQL database must exist and may be empty. */
  databaseUrl?: string;
  env?: Record<string, string>;
  log?: boolean;
}): Promise<AppServer> {
  rmSync(options.dataDir, { recursive: true, force: true });
  mkdirSync(options.dataDir, { recursive: true });
  const baseUrl = `http://localhost:${options.port}`;
  const databaseUrl = options.databaseUrl ?? `file:${path.join(options.dataDir, "wallet.db")}`;
  // npm start decides NODE_ENV (the server runs in production mode).
  const { NODE_ENV: _nodeEnv, ...inherited } = process.env;
  const settings: Record<string, string> = {
    PORT: String(options.port),
    APP_URL: baseUrl,
    NEXTAUTH_URL: baseUrl,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: `test-${generateKeyPair().privateKey}`,
    OPENCHARGE_OCID: String(options.gatewayOcid),
    OPENCHARGE_PRIVATE_KEY: generateKeyPair().privateKey,
    OPENCHARGE_ALLOW_HTTP: "1",
    ...options.env,
  };
  const env = { ...inherited, ...settings } as unknown as NodeJS.ProcessEnv;
  const server = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/start.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (options.log) process.stdout.write(chunk);
  };
  server.stdout.on("data", keep);
  server.stderr.on("data", keep);

  const deadline = Date.now() + 240_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`The app exited with ${server.exitCode} before it was ready:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/api/wallet/balance`)).status === 401) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The app did not start within 4 minutes:\n${output}`);
    await new Promise((r) => setTimeout(r, 300));
  }

  return {
    baseUrl,
    pid: server.pid!,
    databaseUrl,
    env: settings,
    output: () => output,
    stop: async () => {
      if (server.pid && server.exitCode === null) {
        process.kill(-server.pid, "SIGTERM");
        await new Promise((r) => setTimeout(r, 500));
      }
    },
  };
}
