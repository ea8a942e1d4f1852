import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { backdate, createRequest, makeMerchantWithKey, merchantApi } from "@/tests/payment-requests/support/fixtures";

/** Codes the next creates draw, in order (then random ones again). */
const queued: string[] = [];

vi.mock("@/lib/payment-requests/short-code", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/payment-requests/short-code")>();
  return { ...original, generateShortCode: () => queued.shift() ?? original.generateShortCode() };
});

describe("short codes are unique among open requests", () => {
  it("draws another code when an open request holds the one drawn", async () => {
    const { key } = await makeMerchantWithKey();
    const { key: otherKey } = await makeMerchantWithKey();
    const first = await createRequest(key);
    const free = "23-456-78A";
    queued.push(first.shortCode, first.shortCode, free, "ZZ-ZZZ-ZZZ");
    const second = await createRequest(otherKey);
    expect(second.shortCode).toBe(free);
    expect(queued).toEqual(["ZZ-ZZZ-ZZZ"]); // the third draw was free: no fourth
    queued.length = 0;
  });

  it("reuses the code of a finished request, and expires a holder whose time ran out to free it", async () => {
    const { key } = await makeMerchantWithKey();
    const cancelled = await createRequest(key);
    await merchantApi.cancel(key, cancelled.id);
    queued.push(cancelled.shortCode);
    const reuse = await createRequest(key);
    expect(reuse.shortCode).toBe(cancelled.shortCode);

    await backdate(reuse.id, { expiresAt: new Date(Date.now() - 1) });
    queued.push(reuse.shortCode);
    const third = await createRequest(key);
    expect(third.shortCode).toBe(reuse.shortCode);
    expect((await merchantApi.get(key, reuse.id)).body.status).toBe("EXPIRED");
    // The newest request with the code is the open one.
    expect((await merchantApi.byShortCode(key, third.shortCode)).body.id).toBe(third.id);
    const client = await db();
    expect(await client.paymentRequest.count({ where: { openShortCode: third.shortCode } })).toBe(1);
  });
});
