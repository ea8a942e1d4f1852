import { copyFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { TEST_PRIVATE_KEY } from "@/lib/opencharge/test-vectors";

// Every test file gets its own copy of the migrated template database.
const template = process.env.TEST_TEMPLATE_DB;
if (!template) throw new Error("tests/support/global-setup.ts did not run (TEST_TEMPLATE_DB unset)");
const file = path.resolve(`data/test/t-${randomBytes(4).toString("hex")}-${process.env.TEST_RUN_ID}.db`);
copyFileSync(template, file);
process.env.DATABASE_URL = `file:${file}`;

process.env.AUTH_SECRET = "test-auth-secret-test-auth-secret-0123456789";
process.env.APP_URL = "http://localhost:3999";
process.env.OPENCHARGE_OCID = "100";
// The protocol docs' published test key, so the reference test vectors apply to our own signatures.
process.env.OPENCHARGE_PRIVATE_KEY = TEST_PRIVATE_KEY;
process.env.OPENCHARGE_ALLOW_HTTP = "1";
delete process.env.OPENCHARGE_REGISTRY;
