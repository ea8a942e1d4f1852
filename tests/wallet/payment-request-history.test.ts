/**
 * The wallet history of payment requests (listTransactions): each posting a request moved on the payer's
 * account names the request (its pay page is the payer's receipt) and reads as what it was: a payment, a
 * reservation, its release, a refund.
 */
import { describe, expect, it } from "vitest";
import { listTransactions } from "@/lib/wallet/list-transactions";
import { createRequest, expectLedgerBalanced, makeMerchantWithKey, makePayer, merchantApi, payerApi } from "@/tests/payment-requests/support/fixtures";

describe("listTransactions and payment requests", () => {
  it("links a payment and a reservation to their requests, and a released reservation reads as money back", async () => {
    const { key } = await makeMerchantWithKey({ name: "Harbour Books" });
    const payer = await makePayer({ topUp: { amount: "30.00", currency: "USD" } });
    const paid = await createRequest(key, { value: { amount: "4.00", currency: "USD" } });
    const held = await createRequest(key, { value: { amount: "6.50", currency: "USD" }, capture: "manual" });
    expect((await payerApi.pay(payer.token, paid.id)).status).toBe(200);
    expect((await payerApi.pay(payer.token, held.id)).status).toBe(200);

    const before = await listTransactions({ userId: payer.id });
    expect(before.transactions.map(({ kind, description, amount, paymentRequestId }) => ({ kind, description, amount, paymentRequestId }))).toEqual([
      { kind: "payment_request_hold", description: "Reserved for Harbour Books", amount: "-6.50", paymentRequestId: held.id },
      { kind: "payment_request", description: "Payment to Harbour Books", amount: "-4.00", paymentRequestId: paid.id },
      { kind: "topup", description: expect.any(String), amount: "30.00", paymentRequestId: undefined },
    ]);
    expect(before.transactions[2]).not.toHaveProperty("paymentRequestId");

    expect((await merchantApi.cancel(key, held.id, { reason: "Out of stock" })).status).toBe(200);
    const after = await listTransactions({ userId: payer.id });
    expect(after.transactions.slice(0, 2).map(({ kind, description, amount, paymentRequestId }) => ({ kind, description, amount, paymentRequestId }))).toEqual([
      { kind: "payment_request_release", description: "Reservation for Harbour Books released", amount: "6.50", paymentRequestId: held.id },
      { kind: "payment_request_hold", description: "Reserved for Harbour Books (released)", amount: "-6.50", paymentRequestId: held.id },
    ]);
    await expectLedgerBalanced();
  });

  it("reads a refund as money back from the merchant and a captured reservation as a payment, each linked to its request", async () => {
    const { key } = await makeMerchantWithKey({ name: "Harbour Books" });
    const payer = await makePayer({ topUp: { amount: "30.00", currency: "USD" } });
    const held = await createRequest(key, { value: { amount: "9.00", currency: "USD" }, capture: "manual" });
    expect((await payerApi.pay(payer.token, held.id)).status).toBe(200);
    expect((await merchantApi.capture(key, held.id)).status).toBe(200);
    const refunded = await merchantApi.refund(key, held.id, { amount: "1.25", externalRef: "return-1" });
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(201);

    const { transactions } = await listTransactions({ userId: payer.id });
    expect(transactions.slice(0, 2).map(({ kind, description, amount, paymentRequestId }) => ({ kind, description, amount, paymentRequestId }))).toEqual([
      { kind: "payment_request_refund", description: "Refund from Harbour Books", amount: "1.25", paymentRequestId: held.id },
      { kind: "payment_request_hold", description: "Payment to Harbour Books (confirmed by the merchant)", amount: "-9.00", paymentRequestId: held.id },
    ]);
    // The capture moved the hold to the merchant: nothing of it is on the payer's account.
    expect(transactions.map((t) => t.kind)).not.toContain("payment_request_capture");
    await expectLedgerBalanced();
  });
});
