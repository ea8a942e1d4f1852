import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Builds one migrated SQLite template per test run; every test file copies it (see setup-env.ts),
 * so files never share state. Runs may overlap (two terminals), hence the per-run names.
 */
export default function globalSetup() {
  const dir = path.resolve("data/test");
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (Date.now() - statSync(file).mtimeMs > 3600_000) rmSync(file, { force: true });
  }
  const runId = `${process.pid}`;
  const template = path.join(dir, `template-${runId}.db`);
  execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${template}`, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: "pipe",
  });
  // Workers are forked after global setup and inherit this.
  process.env.TEST_TEMPLATE_DB = template;
  process.env.TEST_RUN_ID = runId;
  return () => {
    for (const name of readdirSync(dir)) {
      if (name.includes(`-${runId}`)) rmSync(path.join(dir, name), { force: true });
    }
  };
}
