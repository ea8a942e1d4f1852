import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { checkLedger } from "@/lib/ledger/check-ledger";
import { db } from "@/lib/db";
import { publicKeyFromPrivate } from "@/lib/opencharge/crypto";

const run = promisify(execFile);
const tsx = path.resolve("node_modules/.bin/tsx");

/** Runs `npm run wallet -- …` (the same script) against this test file's database. */
async function wallet(...args: string[]) {
  try {
    const { stdout, stderr } = await run(tsx, ["scripts/wallet.ts", ...args], { env: process.env, timeout: 30_000 });
    return { code: 0, stdout, stderr, last: stdout.trim().split("\n").at(-1) ?? "" };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, last: e.stdout.trim().split("\n").at(-1) ?? "" };
  }
}

describe("wallet CLI", () => {
  it("creates a user, tops up, issues a token and checks the ledger", async () => {
    const created = await wallet("user:create", "--email", "cli@example.test", "--password", "a good long password", "--name", "Cli");
    expect(created.code).toBe(0);
    expect(JSON.parse(created.last)).toMatchObject({ email: "cli@example.test", name: "Cli" });

    const topup = await wallet("topup", "--email", "cli@example.test", "--amount", "15.00", "--currency", "USD");
    expect(topup.code).toBe(0);
    expect(JSON.parse(topup.last)).toMatchObject({ amount: "15.00", currency: "USD", balance: "15.00" });

    const token = await wallet("token:create", "--email", "cli@example.test");
    expect(token.code).toBe(0);
    expect(token.last).toMatch(/^ocw_[A-Za-z0-9_-]{43}$/);
    const client = await db();
    const stored = await client.personalAccessToken.findFirstOrThrow();
    expect(stored.tokenHash).not.toContain(token.last.slice(4));

    const check = await wallet("ledger:check");
    expect(check.code).toBe(0);
    expect(check.last).toMatch(/^Ledger OK: 1 postings/);
  }, 60_000);

  it.each([
    [["topup", "--email", "nobody@example.test", "--amount", "5", "--currency", "USD"], /No user with email/],
    [["topup", "--email", "bad@example.test", "--amount", "1.234", "--currency", "USD"], /at most 2 decimals/],
    [["topup", "--email", "bad@example.test", "--amount", "-5", "--currency", "USD"], /no signs/],
    [["topup", "--email", "bad@example.test", "--amount", "0", "--currency", "USD"], /greater than zero/],
    [["topup", "--email", "bad@example.test", "--amount", "5", "--currency", "XYZ"], /Unknown currency/],
    [["topup", "--email", "bad@example.test", "--currency", "USD"], /--amount is required/],
    [["user:create", "--email", "weak@example.test", "--password", "short"], /at least 10 characters/],
    [["no-such-command"], /Unknown command/],
  ])("fails clearly and writes nothing: %j", async (args, message) => {
    if (args[2] === "bad@example.test") {
      await wallet("user:create", "--email", "bad@example.test", "--password", "a good long password");
    }
    const before = await checkLedger();
    const result = await wallet(...args);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    const after = await checkLedger();
    expect(after.postings).toBe(before.postings);
    expect(after.problems).toEqual([]);
  }, 60_000);

  it("keygen prints a matching secp256k1 key pair", async () => {
    const result = await wallet("keygen");
    expect(result.code).toBe(0);
    const { privateKey, publicKey } = JSON.parse(result.last);
    expect(privateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(publicKey).toMatch(/^[0-9a-f]{128}$/);
    expect(publicKeyFromPrivate(privateKey)).toBe(publicKey);
  });

  it("ledger:check exits non-zero when the ledger is inconsistent", async () => {
    await wallet("user:create", "--email", "drift@example.test", "--password", "a good long password");
    await wallet("topup", "--email", "drift@example.test", "--amount", "2.00", "--currency", "EUR");
    const client = await db();
    await client.ledgerAccount.updateMany({ where: { type: "user", currency: "EUR" }, data: { balance: 12345n } });
    const result = await wallet("ledger:check");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/balance_mismatch/);
    expect(result.stderr).toMatch(/Ledger check FAILED/);
  }, 60_000);
});
