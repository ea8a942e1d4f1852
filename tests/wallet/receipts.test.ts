/**
 * A receipt for every movement (top-up, transfer sent and received, payout, payment request payment and
 * refund) and for an order declined on the QR page; each history entry names its receipt; declined and
 * expired orders are in the history as such; and anyone else's receipt is a 404 like a missing one.
 */
import { describe, expect, it } from "vitest";
import { GET as receiptRoute } from "@/app/api/wallet/receipts/[txid]/route";
import { db } from "@/lib/db";
import { payOutMerchant } from "@/lib/merchants/pay-out-merchant";
import { createPaymentRequest } from "@/lib/payment-requests/create-payment-request";
import { payPaymentRequest } from "@/lib/payment-requests/pay-payment-request";
import { refundPaymentRequest } from "@/lib/payment-requests/refund-payment-request";
import { createPaymentRequestBody, payBody, refundBody } from "@/lib/payment-requests/request-schemas";
import { createUser } from "@/lib/users/create-user";
import { getMovementReceiptForUserOrThrow } from "@/lib/wallet/get-receipt";
import { listTransactions } from "@/lib/wallet/list-transactions";
import { listUnpaidOrders } from "@/lib/wallet/list-unpaid-orders";
import { sendMoney } from "@/lib/wallet/send-money";
import { topUpUser } from "@/lib/wallet/top-up-user";
import { json, makeUserWithToken, request } from "@/tests/support/factories";
import { fundMerchant, makeMerchant } from "@/tests/support/merchant-factories";

const receiptOf = (id: string, token: string) =>
  receiptRoute(request(`/api/wallet/receipts/${id}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ txid: id }) });

async function named(handle: string) {
  const user = await createUser({ email: `${handle}@example.test`, password: "correct horse battery staple", handle, name: handle.toUpperCase() });
  return user;
}

describe("receipts of every movement", () => {
  it("top-up, transfer on both sides, payout: each history entry opens its own receipt; nobody else's", async () => {
    const ada = await named("rcpt_ada");
    const bob = await named("rcpt_bob");
    await topUpUser({ userId: ada.id, amount: "30.00", currency: "USD" });
    const sent = await sendMoney({ userId: ada.id, input: { to: "@rcpt_bob", amount: "7.25", currency: "USD", memo: "Concert tickets" } });
    const txid = (sent.body as { txid: string }).txid;
    const merchant = await makeMerchant(bob.id, { name: "Bob's Bakery", handle: "rcpt_bakery" });
    await fundMerchant(merchant.id, "4.00", "USD");
    const payout = await payOutMerchant({ merchantId: merchant.id, ownerId: bob.id, amount: "4.00", currency: "USD" });

    const adaHistory = (await listTransactions({ userId: ada.id })).transactions;
    expect(adaHistory.map((e) => e.label)).toEqual([{ key: "sentTo", handle: "rcpt_bob", memo: "Concert tickets" }, { key: "topup" }]);
    expect(adaHistory[0]!.receiptId).toBe(txid);

    const sentReceipt = await getMovementReceiptForUserOrThrow({ id: txid, userId: ada.id });
    expect(sentReceipt).toMatchObject({
      kind: "transfer_sent",
      status: "completed",
      direction: "out",
      amount: "7.25",
      currency: "USD",
      counterparty: { kind: "user", handle: "rcpt_bob", name: "RCPT_BOB" },
      memo: "Concert tickets",
    });
    const receivedReceipt = await getMovementReceiptForUserOrThrow({ id: txid, userId: bob.id });
    expect(receivedReceipt).toMatchObject({ kind: "transfer_received", direction: "in", amount: "7.25", counterparty: { kind: "user", handle: "rcpt_ada" } });

    const topUp = await getMovementReceiptForUserOrThrow({ id: adaHistory[1]!.receiptId, userId: ada.id });
    expect(topUp).toMatchObject({ kind: "topup", direction: "in", amount: "30.00", counterparty: { kind: "operator" } });

    const bobHistory = (await listTransactions({ userId: bob.id })).transactions;
    expect(bobHistory[0]).toMatchObject({ label: { key: "payoutFrom", merchant: "Bob's Bakery" }, receiptId: payout.txid });
    expect(await getMovementReceiptForUserOrThrow({ id: payout.txid, userId: bob.id })).toMatchObject({
      kind: "payout",
      direction: "in",
      amount: "4.00",
      counterparty: { kind: "merchant", name: "Bob's Bakery", handle: "rcpt_bakery" },
    });

    // Access control: a third user gets 404 for each, exactly like an id that does not exist.
    const carol = await makeUserWithToken();
    for (const id of [txid, payout.txid, adaHistory[1]!.receiptId, "no_such_receipt"]) {
      const response = await receiptOf(id, carol.token);
      expect(response.status, id).toBe(404);
      expect((await json(response)).error.code).toBe("NOT_FOUND");
    }
    await expect(getMovementReceiptForUserOrThrow({ id: payout.txid, userId: ada.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a payment request's payment and refund have receipts that name the merchant and the request", async () => {
    const owner = await named("rcpt_owner");
    const payer = await makeUserWithToken();
    await topUpUser({ userId: payer.id, amount: "20.00", currency: "USD" });
    const merchant = await makeMerchant(owner.id, { name: "Dawn Bakery" });
    const created = (await createPaymentRequest({ merchantId: merchant.id, input: createPaymentRequestBody.parse({ value: { amount: "12.00", currency: "USD" }, description: "Bread" }) })).body as { id: string };
    const paid = (await payPaymentRequest({ requestId: created.id, userId: payer.id, input: payBody.parse({}) })).body as { txid: string };
    const refund = (await refundPaymentRequest({ merchantId: merchant.id, id: created.id, input: refundBody.parse({ amount: "2.50", externalRef: "r1" }) })).body;

    const history = (await listTransactions({ userId: payer.id })).transactions;
    expect(history.map((e) => e.label)).toEqual([
      { key: "refundFrom", merchant: "Dawn Bakery" },
      { key: "paymentTo", merchant: "Dawn Bakery" },
      { key: "topup" },
    ]);
    expect(history[0]!.receiptId).toBe(refund.txid);
    expect(history[1]!.receiptId).toBe(paid.txid);

    const response = await receiptOf(paid.txid, payer.token);
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({
      id: paid.txid,
      kind: "request_payment",
      status: "completed",
      direction: "out",
      amount: "12.00",
      counterparty: { kind: "merchant", name: "Dawn Bakery" },
      paymentRequestId: created.id,
      memo: "Bread",
    });
    expect(await getMovementReceiptForUserOrThrow({ id: refund.txid, userId: payer.id })).toMatchObject({ kind: "refund", direction: "in", amount: "2.50" });
    // The ledger posting's own id reaches the same receipt.
    const client = await db();
    const posting = await client.ledgerTransaction.findUniqueOrThrow({ where: { idempotencyKey: `payment_request_refund:${refund.txid}` } });
    expect(await getMovementReceiptForUserOrThrow({ id: posting.id, userId: payer.id })).toMatchObject({ id: refund.txid, kind: "refund" });
    // The merchant's owner paid nothing: not theirs.
    await expect(getMovementReceiptForUserOrThrow({ id: paid.txid, userId: owner.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("an order declined on the QR page and one that expired are in the history as such, with a receipt that says no money moved", async () => {
    const user = await makeUserWithToken();
    const other = await makeUserWithToken();
    const client = await db();
    const now = new Date();
    const makeOrder = (id: string, expiresAt: Date) =>
      client.paymentOrder.create({
        data: {
          id,
          source: "pay_session",
          merchantOcid: 500,
          merchantName: "Corner Coffee",
          merchantOrderId: id,
          orderJson: JSON.stringify({ id, amount: "4.20", currency: "USD" }),
          signature: "00",
          amount: "4.20",
          currency: "USD",
          amountMinor: 420n,
          expiresAt,
          senderOcid: 500,
        },
      });
    const declinedOrder = await makeOrder(`ord_declined_${user.id}`, new Date(now.getTime() + 600_000));
    const expiredOrder = await makeOrder(`ord_expired_${user.id}`, new Date(now.getTime() - 60_000));
    await client.paySession.create({ data: { id: `ps_d_${user.id}`, userId: user.id, status: "declined", expiresAt: new Date(now.getTime() + 300_000), orderId: declinedOrder.id } });
    await client.paySession.create({ data: { id: `ps_e_${user.id}`, userId: user.id, status: "order_received", expiresAt: new Date(now.getTime() - 120_000), orderId: expiredOrder.id } });

    const unpaid = await listUnpaidOrders({ userId: user.id });
    expect(unpaid.map((e) => [e.status, e.label, e.href])).toEqual([
      ["declined", { key: "declined", merchant: "Corner Coffee" }, `/wallet/receipts/ps_d_${user.id}`],
      ["expired", { key: "expired", merchant: "Corner Coffee" }, `/wallet/receipts/ps_e_${user.id}`],
    ]);
    // Outside the window of a history page it is left to the page that covers its time.
    expect(await listUnpaidOrders({ userId: user.id, before: new Date(now.getTime() - 3_600_000) })).toEqual([]);

    const declined = await json(await receiptOf(`ps_d_${user.id}`, user.token));
    expect(declined).toMatchObject({ kind: "declined", status: "declined", direction: "none", amount: "4.20", counterparty: { kind: "merchant", name: "Corner Coffee" } });
    expect((await receiptOf(`ps_e_${user.id}`, user.token)).status).toBe(200);
    expect((await receiptOf(`ps_d_${user.id}`, other.token)).status).toBe(404);
    expect(await listUnpaidOrders({ userId: other.id })).toEqual([]);
  });
});
