/**
 * The life of a payment request after it is paid (issue 12): capture and release of a reservation,
 * accepting and cancelling a split payment that stopped short, refunds (partial, repeated, idempotent by
 * externalRef), and the races between them. Each refusal is checked to have moved nothing.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { holdOwner } from "@/lib/ledger/accounts";
import { expireDuePaymentRequests } from "@/lib/payment-requests/expire-due-payment-requests";
import { payOutMerchant } from "@/lib/merchants/pay-out-merchant";
import {
  backdate,
  createRequest,
  expectLedgerBalanced,
  makeMerchantWithKey,
  makePayer,
  merchantApi,
  merchantBalance,
  payerApi,
  requestCounts,
  userBalance,
} from "@/tests/payment-requests/support/fixtures";

const usd = (amount: string) => ({ value: { amount, currency: "USD" } });
const statuses = (view: { log: Array<{ status: string }> }) => view.log.map((entry) => entry.status);

async function holdBalance(requestId: string): Promise<bigint> {
  const client = await db();
  const account = await client.ledgerAccount.findFirst({ where: { type: "hold", owner: holdOwner(requestId) } });
  return account?.balance ?? 0n;
}

/** A manual-capture request for 6.00 USD, reserved by a payer who had 10.00. */
async function reserved(holdSeconds = 600) {
  const shop = await makeMerchantWithKey();
  const payer = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
  const request = await createRequest(shop.key, { ...usd("6.00"), capture: "manual", holdSeconds });
  const held = await payerApi.pay(payer.token, request.id);
  expect(held.body.status).toBe("PENDING");
  return { ...shop, payer, request, txid: held.body.txid as string };
}

/** A request for `amount` USD paid in full by a payer who had 20.00. */
async function paid(amount = "10.00") {
  const shop = await makeMerchantWithKey();
  const payer = await makePayer({ topUp: { amount: "20.00", currency: "USD" } });
  const request = await createRequest(shop.key, usd(amount));
  const payment = await payerApi.pay(payer.token, request.id);
  expect(payment.body.status).toBe("DONE");
  return { ...shop, payer, request, txid: payment.body.txid as string };
}

describe("capture and release of a reservation (capture: manual)", () => {
  it("capture → DONE: the reserved money moves from the hold to the merchant, once, logged", async () => {
    const { merchant, key, payer, request, txid } = await reserved();
    const captured = await merchantApi.capture(key, request.id);
    expect(captured.status).toBe(200);
    expect(captured.body).toMatchObject({ status: "DONE", amountPaid: "6.00", amountDue: "0.00", related: [{ type: "payment", value: txid, amount: "6.00" }] });
    expect(statuses(captured.body)).toEqual(["CREATED", "PENDING", "DONE"]);
    expect(await holdBalance(request.id)).toBe(0n);
    expect(await merchantBalance(merchant.id, "USD")).toBe("6.00");
    expect(await userBalance(payer.id, "USD")).toBe("4.00");
    // The payer's receipt: paid, nothing reserved any more.
    const mine = (await payerApi.get(payer.token, request.id)).body;
    expect(mine.yours).toMatchObject({ paid: "6.00", reserved: "0.00", refunded: "0.00" });
    await expectLedgerBalanced();
  });

  it("release → FAILED: the money back with the payer, with the merchant's reason", async () => {
    const { merchant, key, payer, request } = await reserved();
    expect((await payerApi.get(payer.token, request.id)).body.yours).toMatchObject({ paid: "0.00", reserved: "6.00" });
    const released = await merchantApi.release(key, request.id, { reason: "kitchen closed" });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ status: "FAILED", amountPaid: "0.00", statusReason: "Released by the merchant: kitchen closed" });
    expect(await userBalance(payer.id, "USD")).toBe("10.00");
    expect(await merchantBalance(merchant.id, "USD")).toBe("0.00");
    expect(await holdBalance(request.id)).toBe(0n);
    const mine = (await payerApi.get(payer.token, request.id)).body;
    expect(mine).toMatchObject({ status: "FAILED", statusReason: "Released by the merchant: kitchen closed", yours: { reserved: "0.00", paid: "0.00" } });
    await expectLedgerBalanced();
  });

  it("refuses capture after release, release after capture, and both on a request that was never reserved (409, nothing moved)", async () => {
    const a = await reserved();
    await merchantApi.release(a.key, a.request.id);
    const before = await requestCounts();
    const late = await merchantApi.capture(a.key, a.request.id);
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: "INVALID_STATE", details: { status: "FAILED", event: "capture" } });

    const b = await reserved();
    await merchantApi.capture(b.key, b.request.id);
    const afterCapture = await requestCounts();
    expect((await merchantApi.release(b.key, b.request.id)).body.error.code).toBe("INVALID_STATE");
    expect((await merchantApi.capture(b.key, b.request.id)).body.error.code).toBe("INVALID_STATE");
    expect(await requestCounts()).toEqual(afterCapture);
    expect(await merchantBalance(b.merchant.id, "USD")).toBe("6.00");

    const open = await createRequest(b.key, usd("1.00"));
    expect((await merchantApi.capture(b.key, open.id)).body.error.code).toBe("INVALID_STATE");
    expect((await merchantApi.release(b.key, open.id)).body.error.code).toBe("INVALID_STATE");
    expect(before.postings).toBeLessThan((await requestCounts()).postings);
    await expectLedgerBalanced();
  });

  it("answers another merchant's request with 404 on capture, release, accept and refund, changing nothing", async () => {
    const { request, payer } = await reserved();
    const other = await makeMerchantWithKey();
    const before = await requestCounts();
    for (const call of [merchantApi.capture, merchantApi.release, merchantApi.accept]) {
      const answer = await call(other.key, request.id);
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe("NOT_FOUND");
    }
    expect((await merchantApi.refund(other.key, request.id, { amount: "1.00", externalRef: "r1" })).status).toBe(404);
    expect(await requestCounts()).toEqual(before);
    expect(await userBalance(payer.id, "USD")).toBe("4.00");
  });

  it("a capture after the hold ran out finds it released (409, FAILED), the money with the payer", async () => {
    const { merchant, key, payer, request } = await reserved(60);
    await backdate(request.id, { holdExpiresAt: new Date(Date.now() - 1) });
    const late = await merchantApi.capture(key, request.id);
    expect(late.status).toBe(409);
    expect(late.body.error.details.status).toBe("FAILED");
    expect(await userBalance(payer.id, "USD")).toBe("10.00");
    expect(await merchantBalance(merchant.id, "USD")).toBe("0.00");
    expect(statuses((await merchantApi.get(key, request.id)).body)).toEqual(["CREATED", "PENDING", "FAILED"]);
  });

  it("capture, release and the hold's expiry racing: one wins, the money moves exactly once", async () => {
    for (let round = 0; round < 4; round++) {
      const { merchant, key, payer, request } = await reserved(60);
      await backdate(request.id, { holdExpiresAt: new Date(Date.now() + 5) });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const answers = await Promise.all([
        merchantApi.capture(key, request.id),
        merchantApi.release(key, request.id),
        merchantApi.capture(key, request.id),
        expireDuePaymentRequests({ where: { id: request.id } }),
      ]);
      const view = (await merchantApi.get(key, request.id)).body;
      expect(["DONE", "FAILED"]).toContain(view.status);
      expect(statuses(view)).toEqual(["CREATED", "PENDING", view.status]);
      const wins = answers.slice(0, 3).filter((a) => typeof a === "object" && a.status === 200).length;
      expect(wins).toBeLessThanOrEqual(1);
      for (const answer of answers.slice(0, 3)) if (typeof answer === "object" && answer.status !== 200) expect(answer.status).toBe(409);
      const merchantGot = await merchantBalance(merchant.id, "USD");
      const payerHas = await userBalance(payer.id, "USD");
      expect([merchantGot, payerHas]).toEqual(view.status === "DONE" ? ["6.00", "4.00"] : ["0.00", "10.00"]);
      expect(await holdBalance(request.id)).toBe(0n);
    }
    await expectLedgerBalanced();
  });

  it("ledger:check covers holds: a hold account must hold what its reservations say", async () => {
    const { checkLedger } = await import("@/lib/ledger/check-ledger");
    const { request } = await reserved();
    expect((await checkLedger()).problems).toEqual([]);
    const client = await db();
    // A reservation marked captured without its money moving is what the check exists to find.
    await client.paymentRequestMovement.updateMany({ where: { requestId: request.id, type: "payment" }, data: { state: "captured" } });
    const { problems } = await checkLedger();
    expect(problems).toEqual([
      expect.objectContaining({ kind: "hold_mismatch", requestId: request.id, balance: "600", heldMovements: "0", requestHeld: "600" }),
    ]);
    await client.paymentRequestMovement.updateMany({ where: { requestId: request.id, type: "payment" }, data: { state: "held" } });
    expect((await checkLedger()).problems).toEqual([]);
  });

  it("paying a PENDING request again is refused (409), moving nothing", async () => {
    const { payer, request } = await reserved();
    const other = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    for (const token of [payer.token, other.token]) {
      const again = await payerApi.pay(token, request.id);
      expect(again.status).toBe(409);
    }
    expect(await userBalance(payer.id, "USD")).toBe("4.00");
    expect(await userBalance(other.id, "USD")).toBe("10.00");
  });
});

describe("split payments: accept or cancel what stopped short", () => {
  async function partlyPaid() {
    const shop = await makeMerchantWithKey();
    const alice = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    const bob = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    const request = await createRequest(shop.key, { ...usd("10.00"), partialAllowed: true });
    expect((await payerApi.pay(alice.token, request.id, { amount: "3.00" })).body.status).toBe("INCOMPLETE");
    expect((await payerApi.pay(bob.token, request.id, { amount: "2.50" })).body.status).toBe("INCOMPLETE");
    return { ...shop, alice, bob, request };
  }

  it("accept: INCOMPLETE → ACCEPTED, the money stays with the merchant, no more payments", async () => {
    const { merchant, key, alice, request } = await partlyPaid();
    const accepted = await merchantApi.accept(key, request.id, { reason: "table paid the rest in cash" });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: "ACCEPTED", amountPaid: "5.50", amountDue: "4.50", statusReason: "Accepted by the merchant: table paid the rest in cash" });
    expect(statuses(accepted.body)).toEqual(["CREATED", "INCOMPLETE", "INCOMPLETE", "ACCEPTED"]);
    expect(await merchantBalance(merchant.id, "USD")).toBe("5.50");
    expect((await payerApi.pay(alice.token, request.id, { amount: "1.00" })).status).toBe(409);
    expect((await merchantApi.accept(key, request.id)).body.error.code).toBe("INVALID_STATE");
    await expectLedgerBalanced();
  });

  it("accept is refused for an open, paid or cancelled request", async () => {
    const { key, request } = await paid();
    expect((await merchantApi.accept(key, request.id)).body.error).toMatchObject({ code: "INVALID_STATE", details: { status: "DONE" } });
    const open = await createRequest(key);
    expect((await merchantApi.accept(key, open.id)).status).toBe(409);
  });

  it("cancel refunds every partial payer exactly, in one transaction, listed in related and amountRefunded", async () => {
    const { merchant, key, alice, bob, request } = await partlyPaid();
    const cancelled = await merchantApi.cancel(key, request.id, { reason: "order void" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: "CANCELLED", amountPaid: "5.50", amountRefunded: "5.50" });
    expect(cancelled.body.statusReason).toContain("5.50 USD went back to 2 payers");
    expect(cancelled.body.related.map((r: { type: string; amount: string }) => `${r.type} ${r.amount}`)).toEqual([
      "payment 3.00",
      "payment 2.50",
      "refund 3.00",
      "refund 2.50",
    ]);
    expect(await userBalance(alice.id, "USD")).toBe("10.00");
    expect(await userBalance(bob.id, "USD")).toBe("10.00");
    expect(await merchantBalance(merchant.id, "USD")).toBe("0.00");
    expect((await payerApi.get(alice.token, request.id)).body.yours).toMatchObject({ paid: "3.00", refunded: "3.00" });
    await expectLedgerBalanced();
  });

  it("cancel after the merchant paid out refuses with 402 and moves nothing", async () => {
    const { merchant, owner, key, alice, request } = await partlyPaid();
    await payOutMerchant({ merchantId: merchant.id, ownerId: owner.id, amount: "5.50", currency: "USD" });
    const before = await requestCounts();
    const refused = await merchantApi.cancel(key, request.id);
    expect(refused.status).toBe(402);
    expect(refused.body.error.code).toBe("INSUFFICIENT_FUNDS");
    expect(await requestCounts()).toEqual(before);
    expect(await userBalance(alice.id, "USD")).toBe("7.00");
    expect((await merchantApi.get(key, request.id)).body.status).toBe("INCOMPLETE");
    await expectLedgerBalanced();
  });

  it("the last two parts racing never take more than the amount", async () => {
    for (let round = 0; round < 3; round++) {
      const { merchant, key } = await makeMerchantWithKey();
      const payers = await Promise.all([1, 2, 3].map(() => makePayer({ topUp: { amount: "10.00", currency: "USD" } })));
      const request = await createRequest(key, { ...usd("10.00"), partialAllowed: true });
      await payerApi.pay(payers[0]!.token, request.id, { amount: "4.00" });
      const answers = await Promise.all(payers.slice(1).map((p) => payerApi.pay(p.token, request.id, { amount: "6.00" })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      const view = (await merchantApi.get(key, request.id)).body;
      expect(view).toMatchObject({ status: "DONE", amountPaid: "10.00", amountDue: "0.00" });
      expect(await merchantBalance(merchant.id, "USD")).toBe("10.00");
      expect(view.related).toHaveLength(2);
    }
    await expectLedgerBalanced();
  });

  it("refuses a part of zero, a negative part and one above what is due", async () => {
    const { key, alice, request } = await partlyPaid();
    const before = await requestCounts();
    for (const amount of ["0", "0.00", "-1.00", "4.51", "1.001"]) {
      const answer = await payerApi.pay(alice.token, request.id, { amount });
      expect(answer.status, amount).toBe(400);
      expect(answer.body.error.code).toBe("INVALID_AMOUNT");
    }
    expect(await requestCounts()).toEqual(before);
    expect((await merchantApi.get(key, request.id)).body.amountDue).toBe("4.50");
  });
});

describe("POST /api/payment-requests/{id}/refunds", () => {
  it("refunds part, then more, then the rest: REFUND, REFUND, REFUNDED; the payer sees each", async () => {
    const { merchant, key, payer, request, txid } = await paid("10.00");
    const first = await merchantApi.refund(key, request.id, { amount: "2.00", externalRef: "rf-1" });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.any(String), amount: "2.00", txid: expect.stringMatching(/^oc_/), status: "REFUND" });
    const second = await merchantApi.refund(key, request.id, { amount: "3.00", externalRef: "rf-2", payment: txid });
    expect(second.body.status).toBe("REFUND");
    expect(await userBalance(payer.id, "USD")).toBe("15.00");
    expect(await merchantBalance(merchant.id, "USD")).toBe("5.00");

    const over = await merchantApi.refund(key, request.id, { amount: "5.01", externalRef: "rf-3" });
    expect(over.status).toBe(400);
    expect(over.body.error).toMatchObject({ code: "INVALID_AMOUNT", details: { refundable: "5.00" } });

    const last = await merchantApi.refund(key, request.id, { amount: "5.00", externalRef: "rf-3" });
    expect(last.body.status).toBe("REFUNDED");
    const view = (await merchantApi.get(key, request.id)).body;
    expect(view).toMatchObject({ status: "REFUNDED", amountPaid: "10.00", amountRefunded: "10.00" });
    expect(statuses(view)).toEqual(["CREATED", "DONE", "REFUND", "REFUND", "REFUNDED"]);
    expect(view.related.map((r: { type: string; value: string }) => r.type)).toEqual(["payment", "refund", "refund", "refund"]);
    expect(view.related[1].value).toBe(first.body.txid);

    const mine = (await payerApi.get(payer.token, request.id)).body;
    expect(mine.yours).toMatchObject({ paid: "10.00", refunded: "10.00" });
    expect(mine.yours.movements.map((m: { type: string; amount: string }) => `${m.type} ${m.amount}`)).toEqual([
      "payment 10.00",
      "refund 2.00",
      "refund 3.00",
      "refund 5.00",
    ]);
    // Nothing is left: a further refund is refused by the status.
    expect((await merchantApi.refund(key, request.id, { amount: "0.01", externalRef: "rf-4" })).body.error.code).toBe("INVALID_STATE");
    await expectLedgerBalanced();
  });

  it("is idempotent by externalRef: the same amount → 200 and the same refund; another amount → 409 REPEAT_REFERENCE", async () => {
    const { key, payer, request } = await paid("10.00");
    const first = await merchantApi.refund(key, request.id, { amount: "2.00", externalRef: "ref-A" });
    const again = await merchantApi.refund(key, request.id, { amount: "2.00", externalRef: "ref-A" });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const before = await requestCounts();
    const other = await merchantApi.refund(key, request.id, { amount: "3.00", externalRef: "ref-A" });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: "REPEAT_REFERENCE", details: { refund: { txid: first.body.txid, amount: "2.00" } } });
    expect(await requestCounts()).toEqual(before);
    expect(await userBalance(payer.id, "USD")).toBe("12.00");
  });

  it("two refunds with the same externalRef at once make one refund", async () => {
    const { key, payer, request } = await paid("10.00");
    const answers = await Promise.all(Array.from({ length: 5 }, () => merchantApi.refund(key, request.id, { amount: "1.50", externalRef: "same" })));
    const created = answers.filter((a) => a.status === 201);
    expect(created).toHaveLength(1);
    for (const answer of answers) {
      if (answer.status !== 201) expect([200, 409]).toContain(answer.status);
      if (answer.status === 200) expect(answer.body.txid).toBe(created[0]!.body.txid);
    }
    expect(await userBalance(payer.id, "USD")).toBe("11.50");
    const view = (await merchantApi.get(key, request.id)).body;
    expect(view.amountRefunded).toBe("1.50");
    expect(view.related.filter((r: { type: string }) => r.type === "refund")).toHaveLength(1);
    await expectLedgerBalanced();
  });

  it("names the payment when there are several, and refunds each payer what they paid", async () => {
    const { key } = await makeMerchantWithKey();
    const alice = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    const bob = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    const request = await createRequest(key, { ...usd("10.00"), partialAllowed: true });
    const a = (await payerApi.pay(alice.token, request.id, { amount: "4.00" })).body.txid;
    const b = (await payerApi.pay(bob.token, request.id, { amount: "6.00" })).body.txid;
    const unnamed = await merchantApi.refund(key, request.id, { amount: "1.00", externalRef: "x" });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error.details.payments).toEqual([a, b]);
    const unknown = await merchantApi.refund(key, request.id, { amount: "1.00", externalRef: "x", payment: "oc_nope" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("PAYMENT_NOT_FOUND");
    expect((await merchantApi.refund(key, request.id, { amount: "4.01", externalRef: "x", payment: a })).body.error.code).toBe("INVALID_AMOUNT");
    expect((await merchantApi.refund(key, request.id, { amount: "6.00", externalRef: "x", payment: b })).status).toBe(201);
    expect(await userBalance(bob.id, "USD")).toBe("10.00");
    expect(await userBalance(alice.id, "USD")).toBe("6.00");
    expect((await merchantApi.get(key, request.id)).body).toMatchObject({ status: "REFUND", amountRefunded: "6.00" });
    await expectLedgerBalanced();
  });

  it("refunds a captured reservation and an accepted split payment", async () => {
    const r = await reserved();
    await merchantApi.capture(r.key, r.request.id);
    expect((await merchantApi.refund(r.key, r.request.id, { amount: "6.00", externalRef: "all" })).body.status).toBe("REFUNDED");
    expect(await userBalance(r.payer.id, "USD")).toBe("10.00");

    const { key } = await makeMerchantWithKey();
    const alice = await makePayer({ topUp: { amount: "10.00", currency: "USD" } });
    const request = await createRequest(key, { ...usd("10.00"), partialAllowed: true });
    await payerApi.pay(alice.token, request.id, { amount: "4.00" });
    await merchantApi.accept(key, request.id);
    // Everything received (4.00 of 10.00) going back is REFUNDED.
    expect((await merchantApi.refund(key, request.id, { amount: "4.00", externalRef: "all" })).body.status).toBe("REFUNDED");
    await expectLedgerBalanced();
  });

  it("refuses bad refunds with a clear error, moving nothing", async () => {
    const { key, request } = await paid("10.00");
    const open = await createRequest(key, usd("1.00"));
    const before = await requestCounts();
    const cases: Array<[unknown, number, string]> = [
      [{ amount: "1.00" }, 400, "VALIDATION_ERROR"], // no externalRef
      [{ amount: "1.00", externalRef: "" }, 400, "VALIDATION_ERROR"],
      [{ amount: "1.00", externalRef: "x".repeat(129) }, 400, "VALIDATION_ERROR"],
      [{ externalRef: "a" }, 400, "VALIDATION_ERROR"], // no amount
      [{ amount: 1, externalRef: "a" }, 400, "INVALID_AMOUNT"],
      [{ amount: "0.00", externalRef: "a" }, 400, "INVALID_AMOUNT"],
      [{ amount: "-1.00", externalRef: "a" }, 400, "INVALID_AMOUNT"],
      [{ amount: "1.001", externalRef: "a" }, 400, "INVALID_AMOUNT"],
      [{ amount: "10.01", externalRef: "a" }, 400, "INVALID_AMOUNT"],
      [{ amount: "1.00", externalRef: "a", currency: "EUR" }, 400, "CURRENCY_MISMATCH"],
      [{ amount: "1.00", externalRef: "a", extra: true }, 400, "VALIDATION_ERROR"],
      ["{not json", 400, "INVALID_JSON"],
    ];
    for (const [body, status, code] of cases) {
      const answer = await merchantApi.refund(key, request.id, body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.body.error.code, JSON.stringify(body)).toBe(code);
    }
    const unpaid = await merchantApi.refund(key, open.id, { amount: "1.00", externalRef: "a" });
    expect(unpaid.status).toBe(409);
    expect(unpaid.body.error.code).toBe("INVALID_STATE");
    expect(await requestCounts()).toEqual(before);
  });

  it("needs a key with the refunds scope (403), and refuses after the merchant paid out (402)", async () => {
    const { merchant, owner, request } = await paid("10.00");
    const { createMerchantApiKey } = await import("@/lib/merchants/create-merchant-api-key");
    const paymentsOnly = await createMerchantApiKey({ merchantId: merchant.id, ownerId: owner.id, name: "Till", scopes: ["payments"] });
    const refundsOnly = await createMerchantApiKey({ merchantId: merchant.id, ownerId: owner.id, name: "Back office", scopes: ["refunds"] });
    const forbidden = await merchantApi.refund(paymentsOnly.key, request.id, { amount: "1.00", externalRef: "a" });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe("FORBIDDEN");
    // Capture, release, accept and cancel are till operations: the payments scope.
    expect((await merchantApi.capture(refundsOnly.key, request.id)).status).toBe(403);

    await payOutMerchant({ merchantId: merchant.id, ownerId: owner.id, amount: "10.00", currency: "USD" });
    const before = await requestCounts();
    const broke = await merchantApi.refund(refundsOnly.key, request.id, { amount: "1.00", externalRef: "a" });
    expect(broke.status).toBe(402);
    expect(broke.body.error.code).toBe("INSUFFICIENT_FUNDS");
    expect(await requestCounts()).toEqual(before);
    expect((await merchantApi.get(refundsOnly.key, request.id)).body).toMatchObject({ status: "DONE", amountRefunded: "0.00" });
    await expectLedgerBalanced();
  });
});
