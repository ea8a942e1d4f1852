/**
 * Starts the app the way an operator does (`npm start`: migrate, build when needed, next start) on a
 * fresh database, waits until it answers, and stops it after the run.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateKeyPair } from "../../lib/opencharge/crypto";
import { E2E_BASE_URL, E2E_DATA_DIR, E2E_DATABASE_URL, E2E_GATEWAY_OCID, E2E_PORT, E2E_REGISTRY_FILE } from "./config";

export default async function globalSetup() {
  rmSync(E2E_DATA_DIR, { recursive: true, force: true });
  mkdirSync(E2E_DATA_DIR, { recursive: true });
  writeFileSync(E2E_REGISTRY_FILE, "{}\n");
  const root = path.resolve(__dirname, "../..");
  // npm start decides NODE_ENV (next start runs in production mode).
  const { NODE_ENV: _nodeEnv, ...inherited } = process.env;
  const env = {
    ...inherited,
    PORT: String(E2E_PORT),
    APP_URL: E2E_BASE_URL,
    NEXTAUTH_URL: E2E_BASE_URL,
    DATABASE_URL: E2E_DATABASE_URL,
    AUTH_SECRET: `e2e-${generateKeyPair().privateKey}`,
    OPENCHARGE_OCID: String(E2E_GATEWAY_OCID),
    OPENCHARGE_PRIVATE_KEY: generateKeyPair().privateKey,
    OPENCHARGE_REGISTRY: E2E_REGISTRY_FILE,
    OPENCHARGE_ALLOW_HTTP: "1",
  } as unknown as NodeJS.ProcessEnv;
  const server = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/start.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (process.env.E2E_SERVER_LOG) process.stdout.write(chunk);
  };
  server.stdout.on("data", keep);
  server.stderr.on("data", keep);

  const deadline = Date.now() + 240_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`The app exited with ${server.exitCode} before it was ready:\n${output}`);
    try {
      const response = await fetch(`${E2E_BASE_URL}/api/wallet/balance`);
      if (response.status === 401) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The app did not start within 4 minutes:\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }

  return async () => {
    if (server.pid && server.exitCode === null) {
      process.kill(-server.pid, "SIGTERM");
      await new Promise((r) => setTimeout(r, 500));
    }
    if (process.env.E2E_SERVER_LOG === "on-exit") console.log(output);
  };
}
