import { execFile, execFileSync } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { E2E_DATABASE_URL } from "./config";

const root = path.resolve(__dirname, "../..");

/** Runs `npm run wallet -- …` against the e2e database and returns the last stdout line. */
export function walletCli(...args: string[]): string {
  const stdout = execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/wallet.ts", ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL },
    encoding: "utf8",
  });
  return stdout.trim().split("\n").at(-1) ?? "";
}

/**
 * The same without blocking the event loop: while walletCli's child runs (seconds), nothing else in the test
 * process runs either, so fetch's keep-alive connections the server closes meanwhile are handed to the next
 * requests ("other side closed"). Use this between fetches.
 */
export async function walletCliAsync(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/wallet.ts", ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL },
    encoding: "utf8",
  });
  return stdout.trim().split("\n").at(-1) ?? "";
}
