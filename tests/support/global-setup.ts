import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { runMigrations } from "@/lib/db/migrations/run-migrations";
import { createDatabase, dropDatabases } from "@/tests/support/postgres-databases";

/**
 * Builds one migrated template database per test run; every test file gets its own copy (setup-env.ts),
 * so files never share state. Runs may overlap (two terminals), hence the per-run names.
 * SQLite by default; PostgreSQL when TEST_POSTGRES_URL names a server (`npm run test:pg`).
 */
export default async function globalSetup() {
  const runId = `${process.pid}`;
  // Workers are forked after global setup and inherit these.
  process.env.TEST_RUN_ID = runId;
  const server = process.env.TEST_POSTGRES_URL;
  if (server) {
    const template = `tpl_${runId}`;
    await runMigrations({ databaseUrl: await createDatabase(server, template) });
    process.env.TEST_TEMPLATE_DB = template;
    return () => dropDatabases(server, `_${runId}`);
  }

  const dir = path.resolve("data/test");
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (Date.now() - statSync(file).mtimeMs > 3600_000) rmSync(file, { force: true });
  }
  const template = path.join(dir, `template-${runId}.db`);
  await runMigrations({ databaseUrl: `file:${template}` });
  process.env.TEST_TEMPLATE_DB = template;
  return () => {
    for (const name of readdirSync(dir)) {
      if (name.includes(`-${runId}`)) rmSync(path.join(dir, name), { force: true });
    }
  };
}
