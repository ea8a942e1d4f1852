/**
 * Protocol flow 3 (opencharge-protocol.md §1): the user scans a merchant's QR code holding an order URL;
 * we fetch the signed order (fetch-merchant-order.ts, through the address guard), find the merchant's key
 * with the resolver (by `order.ocid`, never through anything the order's host hands us), verify the order
 * exactly as an order a till posts to a pay session (verify-session-order.ts) and open a pay session that
 * is already `order_received`. From there it is the QR flow's session: confirm pays it through payOrder
 * (the one payment path) and the merchant gets our proof; decline cancels it.
 *
 * Nothing is stored unless every check passed: the fetch and the resolver run before the transaction,
 * the checks inside it, before its writes.
 */
import { randomBytes } from "node:crypto";
import { inTransaction } from "@/lib/db/transaction";
import { AppError, isAppError } from "@/lib/errors";
import { getGatewayIdentity } from "@/lib/opencharge/identity";
import { resolveCounterparty, type Counterparty } from "@/lib/opencharge/resolver";
import { paidKeyOf } from "@/lib/orders/payment-posting-key";
import { DEFAULT_ORDER_LIFETIME_SECONDS } from "@/lib/orders/receive-order";
import { fetchMerchantOrder } from "@/lib/pay-sessions/fetch-merchant-order";
import { getPaySessionView, type PaySessionView } from "@/lib/pay-sessions/get-pay-session";
import { verifySessionOrder } from "@/lib/pay-sessions/verify-session-order";
import { findSettlementPath } from "@/lib/settlement/settlement-paths";

export async function openOrderUrlSession(options: {
  userId: string;
  /** An absolute http(s) URL (checked by the caller's schema, orderUrlSchema; checked again by the address guard). */
  orderUrl: string;
  now?: Date;
  /** Tests shorten the fetch timeout (default ORDER_FETCH_TIMEOUT_MS). */
  fetchTimeoutMs?: number;
}): Promise<PaySessionView> {
  const orderUrl = new URL(options.orderUrl);
  const fetched = await fetchMerchantOrder(orderUrl, { timeoutMs: options.fetchTimeoutMs });
  const { order } = fetched;
  if (order.ocid === getGatewayIdentity().ocid) {
    // Our own merchants' orders are paid as payment requests (/pay/{id}), not as an Opencharge order to ourselves.
    throw new AppError("INVALID_ORDER", "This order names this gateway itself as the merchant; open the merchant's payment page instead.", {
      details: { ocid: order.ocid },
    });
  }
  const merchant = await resolveMerchant(order.ocid);
  // The URL we fetched it from is where the order can be fetched again (urls.order, reference §10).
  const urls = { ...fetched.urls, order: fetched.urls.order ?? [orderUrl.href] };
  // Which path would pay it (direct, a partner reserve, a settlement provider): asynchronous, so before the transaction.
  const settlement = await findSettlementPath({ accepts: order.accepts, currency: order.currency });

  const sessionId = await inTransaction(undefined, async (tx) => {
    const now = options.now ?? new Date();
    const paid = await tx.paymentOrder.findUnique({ where: { paidKey: paidKeyOf(order.ocid, order.id) }, select: { id: true } });
    const row = verifySessionOrder({ rawOrder: fetched.rawOrder, order, signature: fetched.signature, merchant, urls, isOrderPaid: paid !== null, settlement, now });
    await tx.paymentOrder.create({ data: { ...row, source: "pay_session", status: "pending" } });
    const session = await tx.paySession.create({
      data: {
        id: randomBytes(20).toString("hex"),
        userId: options.userId,
        status: "order_received",
        // No QR code to outlive: the session lasts as long as its order.
        expiresAt: row.expiresAt ?? new Date(now.getTime() + DEFAULT_ORDER_LIFETIME_SECONDS * 1000),
        orderId: row.id,
      },
    });
    return session.id;
  });
  return getPaySessionView({ sessionId, userId: options.userId, now: options.now });
}

/**
 * The merchant behind `order.ocid` with its verified metadata. For a wallet user an unknown OCID is a
 * merchant whose metadata cannot be found (502 METADATA_UNAVAILABLE), not the 401 UNKNOWN_OCID a
 * counterparty's signed request gets: the user's own credentials are fine.
 */
async function resolveMerchant(ocid: number): Promise<Counterparty> {
  try {
    return await resolveCounterparty(ocid);
  } catch (error) {
    if (isAppError(error) && error.code === "UNKNOWN_OCID") {
      throw new AppError("METADATA_UNAVAILABLE", `The merchant (OCID ${ocid}) is not a counterparty this gateway knows, so its key cannot be looked up.`, {
        details: { ocid, reason: "unknown_ocid" },
      });
    }
    throw error;
  }
}
