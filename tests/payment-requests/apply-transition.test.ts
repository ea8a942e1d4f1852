import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { applyTransition } from "@/lib/payment-requests/apply-transition";
import { createRequest, makeMerchantWithKey, makePayer, merchantApi, payerApi } from "@/tests/payment-requests/support/fixtures";

/** Read outside any transaction (on SQLite a statement of the shared client waits for open transactions). */
const read = async (id: string) => (await db()).paymentRequest.findUniqueOrThrow({ where: { id } });

describe("applyTransition", () => {
  it("writes the status, its log entry and the callback in the caller's transaction, and frees the keys on leaving an open status", async () => {
    const { key } = await makeMerchantWithKey();
    const request = await createRequest(key, { externalRef: "r-1", callbackUrl: "https://pos.example/cb" });
    const now = new Date();
    const row0 = await read(request.id);
    const result = await inTransaction(undefined, async (tx) => applyTransition(tx, { request: row0, event: "cancel", reason: "test", now }));
    expect(result).toEqual({ status: "CANCELLED", previous: "CREATED", callbackEnqueued: true });
    const row = await read(request.id);
    expect(row).toMatchObject({ status: "CANCELLED", statusReason: "test", openShortCode: null, openExternalRefKey: null });
    expect(row.updatedAt.getTime()).toBe(now.getTime());
    const client = await db();
    const delivery = await client.delivery.findFirstOrThrow({ where: { paymentRequestId: request.id } });
    expect(delivery).toMatchObject({ kind: "payment_request.callback", url: "https://pos.example/cb", path: "", targetOcid: null });
    expect(JSON.parse(delivery.body)).toEqual({ id: request.id, status: "CANCELLED" });
  });

  it("enqueues no callback without a callbackUrl, and rolls back with the transaction", async () => {
    const { key } = await makeMerchantWithKey();
    const request = await createRequest(key);
    const row = await read(request.id);
    await expect(
      inTransaction(undefined, async (tx) => {
        const result = await applyTransition(tx, { request: row, event: "expire", now: new Date() });
        expect(result.callbackEnqueued).toBe(false);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await read(request.id)).status).toBe("CREATED");
    expect((await merchantApi.get(key, request.id)).body.log).toHaveLength(1);
  });

  it("refuses a transition the table does not allow, writing nothing", async () => {
    const { key } = await makeMerchantWithKey();
    const request = await createRequest(key);
    const row = await read(request.id);
    await expect(
      inTransaction(undefined, async (tx) => applyTransition(tx, { request: row, event: "capture", now: new Date() })),
    ).rejects.toMatchObject({ code: "INVALID_STATE", status: 409 });
    expect((await read(request.id)).status).toBe("CREATED");
  });

  it("decides again on a stale read: refused as the status now says, or 409 CONFLICT when only the amounts moved", async () => {
    const { key } = await makeMerchantWithKey();
    const payer = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });

    const cancelled = await createRequest(key, { value: { amount: "1.00", currency: "USD" } });
    const stale = await read(cancelled.id);
    await merchantApi.cancel(key, cancelled.id);
    await expect(
      inTransaction(undefined, async (tx) => applyTransition(tx, { request: stale, event: "pay_full", now: new Date() })),
    ).rejects.toMatchObject({ code: "REQUEST_CANCELLED" });

    const split = await createRequest(key, { value: { amount: "5.00", currency: "USD" }, partialAllowed: true });
    await payerApi.pay(payer.token, split.id, { amount: "1.00" });
    const staleSplit = await read(split.id);
    await payerApi.pay(payer.token, split.id, { amount: "1.00" });
    await expect(
      inTransaction(undefined, async (tx) => applyTransition(tx, { request: staleSplit, event: "pay_part", now: new Date() })),
    ).rejects.toMatchObject({ code: "CONFLICT", status: 409 });
    expect((await merchantApi.get(key, split.id)).body).toMatchObject({ amountPaid: "2.00", status: "INCOMPLETE" });
  });
});
