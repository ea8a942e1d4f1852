import type { Tx } from "@/lib/db";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { toMerchantView, toOrderView, type MerchantView, type OrderView } from "@/lib/orders/order-view";
import { effectivePaySessionStatus, type PaySessionStatus } from "@/lib/pay-sessions/pay-session-status";

/** The session if it belongs to the user; another user's session is indistinguishable from none. */
export async function getPaySessionForUserOrThrow(options: { sessionId: string; userId: string }, tx?: Tx) {
  const client = tx ?? (await db());
  const session = await client.paySession.findFirst({
    where: { id: options.sessionId, userId: options.userId },
    include: { order: true },
  });
  if (!session) throw new AppError("SESSION_NOT_FOUND", "No such pay session.");
  return session;
}

export type PaySessionView = {
  sessionId: string;
  status: PaySessionStatus;
  expiresAt: number;
  order?: OrderView;
  merchant?: MerchantView;
  urls?: Record<string, unknown>;
  txid?: string;
  failureReason?: string;
};

/** What the wallet app shows: GET /api/wallet/sessions/{id}. */
export async function getPaySessionView(options: { sessionId: string; userId: string; now?: Date }): Promise<PaySessionView> {
  const session = await getPaySessionForUserOrThrow(options);
  const now = options.now ?? new Date();
  const view: PaySessionView = {
    sessionId: session.id,
    status: effectivePaySessionStatus(session, session.order, now),
    expiresAt: Math.floor(session.expiresAt.getTime() / 1000),
  };
  const order = session.order;
  if (order) {
    view.order = toOrderView(order);
    view.merchant = toMerchantView(order);
    if (order.urlsJson) view.urls = JSON.parse(order.urlsJson) as Record<string, unknown>;
    if (order.txid && order.status === "paid") view.txid = order.txid;
  }
  if (session.failureReason) view.failureReason = session.failureReason;
  return view;
}
