/**
 * POST /opencharge/orders/create/{sessionId}: a merchant who scanned the user's QR posts a signed
 * order. Checks in the order of reference §7.4; the session is consumed atomically with the order's
 * creation (guarded update), so of merchants racing on one session exactly one wins.
 *
 * The hot path of the QR flow (every scan): one transaction records the request's nonce, reads the
 * session, runs the checks and writes the order — one commit, no Prisma round trips (lib/db/hot-paths.ts,
 * one implementation per engine; README "Performance"). A refused order still commits the
 * nonce, so the same request cannot be replayed.
 */
import { hotPaths } from "@/lib/db/hot-paths";
import { AppError, isAppError } from "@/lib/errors";
import { getGatewayIdentity } from "@/lib/opencharge/identity";
import { nonceReused } from "@/lib/opencharge/request-auth";
import type { Counterparty } from "@/lib/opencharge/resolver";
import type { Order } from "@/lib/orders/order-schema";
import { paidKeyOf } from "@/lib/orders/payment-posting-key";
import { verifySessionOrder } from "@/lib/pay-sessions/verify-session-order";
import { findSettlementPath } from "@/lib/settlement/settlement-paths";

export async function receiveSessionOrder(options: {
  sessionId: string;
  merchant: Counterparty;
  /** The request's X-OC-Nonce, recorded in this transaction. */
  nonce: string;
  rawOrder: unknown;
  order: Order;
  signature: string;
  urls: Record<string, unknown>;
  now?: Date;
}): Promise<{ urls: { status: string } }> {
  const now = options.now ?? new Date();
  const merchantOcid = options.merchant.ocid;
  // Asynchronous (settings, partners' metadata), so looked up before the hot path; refused there in order.
  const settlement = await findSettlementPath({ accepts: options.order.accepts, currency: options.order.currency });
  const outcome = await (await hotPaths()).receiveSessionOrder({
    ocid: merchantOcid,
    nonce: options.nonce,
    sessionId: options.sessionId,
    paidKey: paidKeyOf(merchantOcid, options.order.id),
    now,
    isRefusal: isAppError,
    decide: (session) => {
      assertSessionOpen(session, now);
      return verifySessionOrder({
        rawOrder: options.rawOrder,
        order: options.order,
        signature: options.signature,
        merchant: options.merchant,
        urls: options.urls,
        isOrderPaid: Boolean(session?.isOrderPaid),
        settlement,
        now,
      });
    },
  });
  if (outcome.status === "nonce_reused") throw nonceReused(merchantOcid, options.nonce);
  if (outcome.status === "refused") throw outcome.error;
  return { urls: { status: `${getGatewayIdentity().endpoint}/orders/${encodeURIComponent(outcome.order.merchantOrderId)}/status` } };
}

function assertSessionOpen(session: { status: string; expiresAt: Date } | null, now: Date): void {
  if (!session) throw new AppError("SESSION_NOT_FOUND", "No such pay session.");
  if (session.status !== "pending") throw new AppError("SESSION_USED", "This pay session has already been used.");
  if (session.expiresAt.getTime() <= now.getTime()) throw new AppError("SESSION_EXPIRED", "This pay session has expired.");
}
