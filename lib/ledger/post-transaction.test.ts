import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { getOrCreateAccount, OPERATOR_OWNER, userOwner } from "@/lib/ledger/accounts";
import { checkLedger } from "@/lib/ledger/check-ledger";
import { postTransaction } from "@/lib/ledger/post-transaction";
import { topUpUser } from "@/lib/wallet/top-up-user";
import { makeUser } from "@/tests/support/factories";

async function accounts(currency = "USD") {
  const user = await makeUser();
  return inTransaction(undefined, async (tx) => ({
    user,
    funding: await getOrCreateAccount(tx, { type: "funding", owner: OPERATOR_OWNER, currency }),
    wallet: await getOrCreateAccount(tx, { type: "user", owner: userOwner(user.id), currency, userId: user.id }),
    merchant: await getOrCreateAccount(tx, { type: "merchant", owner: "ocid:500", currency }),
  }));
}

describe("ledger postings", () => {
  it("writes balanced entries and updates cached balances", async () => {
    const { funding, wallet } = await accounts();
    await inTransaction(undefined, (tx) =>
      postTransaction(tx, { kind: "topup", description: "t", legs: [{ accountId: funding.id, amount: -500n }, { accountId: wallet.id, amount: 500n }] }),
    );
    const client = await db();
    expect((await client.ledgerAccount.findUniqueOrThrow({ where: { id: wallet.id } })).balance).toBe(500n);
    const entries = await client.ledgerEntry.findMany({ where: { accountId: wallet.id } });
    expect(entries.map((e) => [e.amount, e.balanceAfter])).toEqual([[500n, 500n]]);
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("refuses an unbalanced posting and writes nothing", async () => {
    const { funding, wallet } = await accounts();
    const client = await db();
    const before = await client.ledgerTransaction.count();
    await expect(
      inTransaction(undefined, (tx) =>
        postTransaction(tx, { kind: "x", description: "x", legs: [{ accountId: funding.id, amount: -500n }, { accountId: wallet.id, amount: 499n }] }),
      ),
    ).rejects.toThrow(/Unbalanced/);
    expect(await client.ledgerTransaction.count()).toBe(before);
    expect((await client.ledgerAccount.findUniqueOrThrow({ where: { id: wallet.id } })).balance).toBe(0n);
  });

  it("refuses legs in different currencies that only sum to zero across currencies", async () => {
    const { funding } = await accounts("USD");
    const eur = await accounts("EUR");
    await expect(
      inTransaction(undefined, (tx) =>
        postTransaction(tx, { kind: "x", description: "x", legs: [{ accountId: funding.id, amount: -5n }, { accountId: eur.wallet.id, amount: 5n }] }),
      ),
    ).rejects.toThrow(/Unbalanced/);
  });

  it("refuses a posting that would overdraw a user, with the missing amount, and rolls back", async () => {
    const { user, wallet, merchant } = await accounts();
    await topUpUser({ userId: user.id, amount: "10.00", currency: "USD" });
    const client = await db();
    const before = await client.ledgerEntry.count();
    const attempt = inTransaction(undefined, (tx) =>
      postTransaction(tx, { kind: "payment", description: "p", legs: [{ accountId: wallet.id, amount: -1500n }, { accountId: merchant.id, amount: 1500n }] }),
    );
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "INSUFFICIENT_FUNDS", status: 402, details: { missing: "5.00" } });
    expect(await client.ledgerEntry.count()).toBe(before);
    expect((await client.ledgerAccount.findUniqueOrThrow({ where: { id: wallet.id } })).balance).toBe(1000n);
    expect((await client.ledgerAccount.findUniqueOrThrow({ where: { id: merchant.id } })).balance).toBe(0n);
  });

  it("never overdraws under concurrent spending", async () => {
    const { user, wallet, merchant } = await accounts();
    await topUpUser({ userId: user.id, amount: "1.00", currency: "USD" });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        inTransaction(undefined, (tx) =>
          postTransaction(tx, { kind: "payment", description: "p", legs: [{ accountId: wallet.id, amount: -30n }, { accountId: merchant.id, amount: 30n }] }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3); // 3 × 0.30 ≤ 1.00 < 4 × 0.30
    const client = await db();
    expect((await client.ledgerAccount.findUniqueOrThrow({ where: { id: wallet.id } })).balance).toBe(10n);
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("applies an idempotency key at most once", async () => {
    const { funding, wallet } = await accounts();
    const post = () =>
      inTransaction(undefined, (tx) =>
        postTransaction(tx, { kind: "topup", description: "t", idempotencyKey: "k-1", legs: [{ accountId: funding.id, amount: -1n }, { accountId: wallet.id, amount: 1n }] }),
      );
    await post();
    await expect(post()).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("ledger check detects a cached balance edited behind the ledger's back", async () => {
    const { user, wallet } = await accounts();
    await topUpUser({ userId: user.id, amount: "3.00", currency: "USD" });
    const client = await db();
    await client.ledgerAccount.update({ where: { id: wallet.id }, data: { balance: 99999n } });
    const { problems } = await checkLedger();
    expect(problems).toContainEqual(expect.objectContaining({ kind: "balance_mismatch", accountId: wallet.id }));
    await client.ledgerAccount.update({ where: { id: wallet.id }, data: { balance: 300n } });
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("ledger check detects an unbalanced posting written around postTransaction", async () => {
    const { wallet } = await accounts();
    const client = await db();
    const tx = await client.ledgerTransaction.create({ data: { kind: "bogus", description: "bogus" } });
    await client.ledgerEntry.create({ data: { transactionId: tx.id, accountId: wallet.id, amount: 7n, balanceAfter: 7n } });
    await client.ledgerEntry.create({ data: { transactionId: tx.id, accountId: wallet.id, amount: 1n, balanceAfter: 8n } });
    const { problems } = await checkLedger();
    expect(problems).toContainEqual(expect.objectContaining({ kind: "unbalanced_posting", transactionId: tx.id, sum: "8" }));
  });
});
