/**
 * Expired nonces are deleted as requests come in (at most once a minute), also when the only traffic is
 * order intake, which records its nonces in its own transaction. A file of its own: the prune clock is
 * module state, and here the first request is the first of the module.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { POST as orderCreateRoute } from "@/app/opencharge/orders/create/[sessionId]/route";
import { db } from "@/lib/db";
import { createPaySession } from "@/lib/pay-sessions/create-pay-session";
import { makeUserWithToken } from "@/tests/support/factories";
import { signedRequest, startMerchantWorld, type SimulatedCounterparty } from "@/tests/support/protocol-fixtures";

let world: Awaited<ReturnType<typeof startMerchantWorld>>;
let merchant: SimulatedCounterparty;

beforeAll(async () => {
  world = await startMerchantWorld(1);
  [merchant] = world.merchants as [SimulatedCounterparty];
});

afterAll(() => world.close());

it("an order intake prunes nonces past their retention and keeps the recent ones", async () => {
  const client = await db();
  // The slow part first (a password hash), so "recent" is still recent when the intake prunes.
  const user = await makeUserWithToken();
  const { sessionId } = await createPaySession({ userId: user.id });
  const now = Date.now();
  await client.requestNonce.createMany({
    data: [
      { ocid: merchant.ocid, nonce: "expired", createdAt: new Date(now - 601_000) },
      { ocid: merchant.ocid, nonce: "recent", createdAt: new Date(now - 590_000) },
    ],
  });
  const order = merchant.buildOrder({ amount: "3.00", items: [{ id: "tea", name: "Tea", quantity: 1, price: "3.00" }] });
  const body = { order, signature: merchant.signOrder(order), urls: {} };
  const response = await orderCreateRoute(signedRequest(merchant, "POST", `/opencharge/orders/create/${sessionId}`, body), {
    params: Promise.resolve({ sessionId }),
  });
  expect(response.status).toBe(200);
  const nonces = (await client.requestNonce.findMany({ orderBy: { createdAt: "asc" } })).map((n) => n.nonce);
  expect(nonces).toHaveLength(2); // "recent" and the intake's own
  expect(nonces[0]).toBe("recent");
  expect(nonces).not.toContain("expired");
});
