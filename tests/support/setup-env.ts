import { copyFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { TEST_PRIVATE_KEY } from "@/lib/opencharge/test-vectors";
import { createDatabase } from "@/tests/support/postgres-databases";

// Every test file gets its own copy of the migrated template database (tests/support/global-setup.ts).
const template = process.env.TEST_TEMPLATE_DB;
if (!template) throw new Error("tests/support/global-setup.ts did not run (TEST_TEMPLATE_DB unset)");
const copy = `t_${randomBytes(4).toString("hex")}_${process.env.TEST_RUN_ID}`;
const server = process.env.TEST_POSTGRES_URL;
if (server) {
  process.env.DATABASE_URL = await createDatabase(server, copy, template);
  // Small pools: many test files run at once against one server.
  process.env.DATABASE_POOL_SIZE = "4";
} else {
  const file = path.resolve(`data/test/${copy.replace(/_/g, "-")}.db`);
  copyFileSync(template, file);
  process.env.DATABASE_URL = `file:${file}`;
}

process.env.AUTH_SECRET = "test-auth-secret-test-auth-secret-0123456789";
process.env.APP_URL = "http://localhost:3999";
process.env.OPENCHARGE_OCID = "100";
// The protocol docs' published test key, so the reference test vectors apply to our own signatures.
process.env.OPENCHARGE_PRIVATE_KEY = TEST_PRIVATE_KEY;
process.env.OPENCHARGE_ALLOW_HTTP = "1";
delete process.env.OPENCHARGE_REGISTRY;
