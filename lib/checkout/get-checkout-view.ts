import { db } from "@/lib/db";
import { userOwner } from "@/lib/ledger/accounts";
import { formatAmount } from "@/lib/money";
import { effectiveCheckoutStatus, type CheckoutStatus } from "@/lib/checkout/checkout-status";
import { isCheckoutId } from "@/lib/checkout/request-schemas";
import { toMerchantView, toOrderView, type MerchantView, type OrderView } from "@/lib/orders/order-view";

export type CheckoutView = {
  id: string;
  status: CheckoutStatus;
  /** Unix seconds. */
  expiresAt: number;
  merchant: MerchantView;
  order: OrderView;
  /** Where "Cancel" and the expired page lead. */
  cancelUrl: string;
  /** Only once paid: a redirect is never proof of payment, but nobody needs it before. */
  successUrl?: string;
  /** The signed-in viewer's own balance in the order's currency; absent when signed out. */
  viewer?: { balance: string; currency: string; missing?: string; isPayer: boolean };
  /** Why the payment failed (status failed): the payer's money went back. */
  failureReason?: string;
  /** Only for the viewer who paid. */
  receipt?: { txid: string; paidAt: number };
};

/**
 * What the checkout page shows. Anyone holding the (unguessable) checkout id may see the order, since
 * that is how the customer arrives; balances and the receipt are only ever the viewer's own.
 * Null for unknown and malformed ids alike.
 */
export async function getCheckoutView(options: { sessionId: string; viewerUserId?: string | null; now?: Date }): Promise<CheckoutView | null> {
  if (!isCheckoutId(options.sessionId)) return null;
  const client = await db();
  const session = await client.checkoutSession.findUnique({ where: { id: options.sessionId }, include: { order: true } });
  if (!session) return null;
  const { order } = session;
  const status = effectiveCheckoutStatus(session, options.now);
  const view: CheckoutView = {
    id: session.id,
    status,
    expiresAt: Math.floor(session.expiresAt.getTime() / 1000),
    merchant: toMerchantView(order),
    order: toOrderView(order),
    cancelUrl: session.cancelUrl,
    ...(status === "paid" ? { successUrl: session.successUrl } : {}),
    ...(status === "failed" && session.failureReason ? { failureReason: session.failureReason } : {}),
  };
  if (options.viewerUserId) {
    const account = await client.ledgerAccount.findUnique({
      where: { type_owner_currency: { type: "user", owner: userOwner(options.viewerUserId), currency: order.currency } },
      select: { balance: true },
    });
    const balance = account?.balance ?? 0n;
    const isPayer = status === "paid" && order.payerUserId === options.viewerUserId;
    view.viewer = {
      balance: formatAmount(balance, order.currency),
      currency: order.currency,
      ...(balance < order.amountMinor ? { missing: formatAmount(order.amountMinor - balance, order.currency) } : {}),
      isPayer,
    };
    if (isPayer && order.txid && order.paidAt) {
      view.receipt = { txid: order.txid, paidAt: Math.floor(order.paidAt.getTime() / 1000) };
    }
  }
  return view;
}
