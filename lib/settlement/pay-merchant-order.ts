/**
 * A user pays a received merchant order (QR flow or hosted checkout): the path is decided for this order
 * from its `accepts` (settlement-paths.ts), then
 *  - direct: one transaction moves the session on and pays (payOrder: posting, our proof, its delivery);
 *  - through a partner: one transaction moves the session to `paying` and debits the user
 *    (beginPartnerSettlement), the hops run outside it, and the settlement ends completed or failed with
 *    the money back (settle-through-partner.ts).
 * No path now (the operator's settings or a partner's metadata changed since intake) refuses with 400
 * SETTLEMENT_NOT_SUPPORTED and moves nothing; the session stays as it was.
 */
import type { PaymentOrder } from "@/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { kickDeliveryWorker } from "@/lib/deliveries/worker";
import { assertPaymentAuthorized, type PaymentAuthorization } from "@/lib/auth/recent-auth";
import { AppError } from "@/lib/errors";
import { parsePositiveAmount } from "@/lib/money";
import { payOrder } from "@/lib/orders/pay-order";
import { beginPartnerSettlement, runPartnerSettlement, type PartnerPath } from "@/lib/settlement/settle-through-partner";
import { findSettlementPath, type PathSearch } from "@/lib/settlement/settlement-paths";

export type SessionMove = "direct" | "partner";

export async function payMerchantOrder(options: {
  orderId: string;
  userId: string;
  /** How the payer asked (lib/auth/recent-auth.ts): a large payment needs a fresh password proof. */
  authorization?: PaymentAuthorization;
  description: string;
  /** Set for hosted checkout: the proof's recipient may be the gateway (payOrder). */
  checkoutSessionId?: string;
  now: Date;
  /**
   * Inside the payment's transaction, before any money moves: checks the session and moves it on with its
   * guarded transition — to its paid state for a direct payment, to `paying` for one through a partner.
   */
  moveSession: (tx: Tx, move: SessionMove) => Promise<void>;
}): Promise<{ txid: string }> {
  const { now } = options;
  const order = await (await db()).paymentOrder.findUnique({ where: { id: options.orderId } });
  if (!order) throw new AppError("NOT_FOUND", "No such order.");
  // Before any path is looked for or money moves: a large payment without a fresh password moves nothing.
  assertPaymentAuthorized(options.authorization, { amountMinor: parsePositiveAmount(order.amount, order.currency), currency: order.currency });
  const search = await findOrderSettlementPath(order);
  const path = search.path;

  if (!path || path.kind === "direct") {
    const paid = await inTransaction(undefined, async (tx) => {
      await options.moveSession(tx, "direct");
      // Checked after the session: a session that cannot be paid says so first.
      if (!path) throw settlementNotSupported(order, search);
      return payOrder(tx, { orderId: order.id, userId: options.userId, description: options.description, checkoutSessionId: options.checkoutSessionId, now });
    });
    kickDeliveryWorker();
    return { txid: paid.txid };
  }

  const partnerPath: PartnerPath = path;
  const begun = await inTransaction(undefined, async (tx) => {
    await options.moveSession(tx, "partner");
    return beginPartnerSettlement(tx, { orderId: order.id, userId: options.userId, description: options.description, path: partnerPath, now });
  });
  const outcome = await runPartnerSettlement(begun, partnerPath);
  if (outcome.status === "completed") return { txid: outcome.txid };
  throw new AppError("SETTLEMENT_FAILED", outcome.failureReason, {
    details: { status: "failed", txid: outcome.txid, moneyReturned: true },
  });
}

/** The path for a stored order: its `accepts` as signed, and for checkout the gateway that brought it. */
export function findOrderSettlementPath(order: Pick<PaymentOrder, "orderJson" | "currency" | "source" | "senderOcid">): Promise<PathSearch> {
  return findSettlementPath({
    accepts: acceptsOf(order.orderJson),
    currency: order.currency,
    directPayees: order.source === "checkout" ? [order.senderOcid] : [],
  });
}

function acceptsOf(orderJson: string): number[] | undefined {
  const accepts = (JSON.parse(orderJson) as { accepts?: unknown }).accepts;
  return Array.isArray(accepts) ? accepts.filter((ocid): ocid is number => typeof ocid === "number") : undefined;
}

export function settlementNotSupported(order: { accepts?: readonly number[] } | Pick<PaymentOrder, "orderJson">, search: PathSearch): AppError {
  const accepts = "orderJson" in order ? (acceptsOf(order.orderJson) ?? []) : (order.accepts ?? []);
  return new AppError(
    "SETTLEMENT_NOT_SUPPORTED",
    `None of the settlement providers the order accepts (${accepts.join(", ")}) is reachable from this gateway.`,
    { details: { accepts, reasons: search.reasons } },
  );
}
