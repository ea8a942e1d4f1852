import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { hashMerchantKey } from "@/lib/merchants/api-key-format";

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

describe("wallet CLI: handles, merchants and merchant keys", () => {
  it("user:create takes --handle (any case, with @) or generates one, and refuses a taken one", async () => {
    const chosen = await wallet("user:create", "--email", "owner@example.test", "--password", "a good long password", "--handle", "@Shop_Owner");
    expect(chosen.code).toBe(0);
    expect(JSON.parse(chosen.last)).toMatchObject({ email: "owner@example.test", handle: "shop_owner" });
    const generated = await wallet("user:create", "--email", "mary.ann@example.test", "--password", "a good long password");
    expect(JSON.parse(generated.last)).toMatchObject({ handle: "mary_ann" });
    const taken = await wallet("user:create", "--email", "other@example.test", "--password", "a good long password", "--handle", "SHOP_OWNER");
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toMatch(/@shop_owner is already taken/);
    const bad = await wallet("user:create", "--email", "bad@example.test", "--password", "a good long password", "--handle", "no!");
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/handle/i);
    expect(await (await db()).user.count({ where: { email: { in: ["other@example.test", "bad@example.test"] } } })).toBe(0);
  }, 60_000);

  it("merchant:create prints {id, handle, name}; merchant:key prints a key whose hash alone is stored", async () => {
    await wallet("user:create", "--email", "m-owner@example.test", "--password", "a good long password");
    const created = await wallet("merchant:create", "--email", "m-owner@example.test", "--name", "Corner Café", "--handle", "@Corner");
    expect(created.code).toBe(0);
    const merchant = JSON.parse(created.last);
    expect(Object.keys(merchant)).toEqual(["id", "handle", "name"]);
    expect(merchant).toEqual({ id: expect.stringMatching(/^m_[0-9a-f]{32}$/), handle: "corner", name: "Corner Café" });

    const generated = JSON.parse((await wallet("merchant:create", "--email", "m-owner@example.test", "--name", "Corner")).last);
    expect(generated.handle).toBe("corner2");

    const key = await wallet("merchant:key", "--merchant", merchant.id);
    expect(key.code).toBe(0);
    expect(key.last).toMatch(/^mk_[A-Za-z0-9_-]{43}$/);
    const client = await db();
    const stored = await client.merchantApiKey.findUniqueOrThrow({ where: { keyHash: hashMerchantKey(key.last) } });
    expect(stored).toMatchObject({ merchantId: merchant.id, scopes: "payments,refunds", name: "CLI key" });

    const scoped = await wallet("merchant:key", "--merchant", merchant.id, "--scopes", "payments", "--name", "Till 1");
    expect(scoped.code).toBe(0);
    expect(await client.merchantApiKey.findUniqueOrThrow({ where: { keyHash: hashMerchantKey(scoped.last) } })).toMatchObject({
      scopes: "payments",
      name: "Till 1",
    });
  }, 90_000);

  it.each([
    [["merchant:create", "--email", "nobody@example.test", "--name", "X"], /No user with email/],
    [["merchant:create", "--email", "fail-owner@example.test"], /--name is required/],
    [["merchant:create", "--email", "fail-owner@example.test", "--name", "X", "--handle", "fail_owner"], /@fail_owner is already taken/],
    [["merchant:create", "--email", "fail-owner@example.test", "--name", "X", "--handle", "a b"], /handle/i],
    [["merchant:key", "--merchant", "m_00000000000000000000000000000000"], /No such merchant/],
    [["merchant:key"], /--merchant is required/],
    [["merchant:key", "--merchant", "FROM_DB", "--scopes", "payments,admin"], /scope/],
    [["merchant:key", "--merchant", "FROM_DB", "--scopes", ","], /at least one scope/],
  ])("fails clearly and writes nothing: %j", async (args, message) => {
    const client = await db();
    if (!(await client.user.findUnique({ where: { email: "fail-owner@example.test" } }))) {
      await wallet("user:create", "--email", "fail-owner@example.test", "--password", "a good long password", "--handle", "fail_owner");
      await wallet("merchant:create", "--email", "fail-owner@example.test", "--name", "Fail shop", "--handle", "fail_shop");
    }
    const shop = await client.merchant.findUniqueOrThrow({ where: { handle: "fail_shop" } });
    const before = { merchants: await client.merchant.count(), keys: await client.merchantApiKey.count(), handles: await client.handle.count() };
    const result = await wallet(...args.map((a) => (a === "FROM_DB" ? shop.id : a)));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect({ merchants: await client.merchant.count(), keys: await client.merchantApiKey.count(), handles: await client.handle.count() }).toEqual(before);
  }, 60_000);
});
