import { copyFileSync, existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";

// Every test file gets its own copy of the migrated template database, so files never share state.
const template = path.resolve("data/test/template.db");
if (existsSync(template)) {
  const file = path.resolve(`data/test/t-${process.pid}-${randomBytes(4).toString("hex")}.db`);
  copyFileSync(template, file);
  process.env.DATABASE_URL = `file:${file}`;
}
process.env.AUTH_SECRET ??= "test-auth-secret-test-auth-secret-0123456789";
process.env.APP_URL ??= "http://localhost:3999";
process.env.OPENCHARGE_OCID ??= "100";
// Test-only key (the protocol docs' published test key); never used outside tests.
process.env.OPENCHARGE_PRIVATE_KEY ??= "1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef";
process.env.OPENCHARGE_ALLOW_HTTP ??= "1";
