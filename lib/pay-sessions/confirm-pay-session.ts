import { db } from "@/lib/db";
import type { PaymentAuthorization } from "@/lib/auth/recent-auth";
import { AppError } from "@/lib/errors";
import { getPaySessionForUserOrThrow } from "@/lib/pay-sessions/get-pay-session";
import { effectivePaySessionStatus, transitionPaySession } from "@/lib/pay-sessions/pay-session-status";
import { payMerchantOrder } from "@/lib/settlement/pay-merchant-order";

/**
 * The user confirms the order that arrived on their pay session. The order's settlement path decides how
 * (lib/settlement/pay-merchant-order.ts): directly, in one transaction that pays it (payOrder) and
 * completes the session; or through a partner, the session `paying` while the hops run, then `completed`
 * or `failed` with the money back (SETTLEMENT_FAILED, 502, the reason in the message). Concurrent
 * confirms: the session's guarded transition lets exactly one win.
 */
export async function confirmPaySession(options: { sessionId: string; userId: string; authorization?: PaymentAuthorization; now?: Date }) {
  const now = options.now ?? new Date();
  const session = await getPaySessionForUserOrThrow(options);
  const refuse = (status: string) => new AppError("INVALID_STATE", confirmRefusal(status), { details: { status } });
  if (!session.orderId) throw refuse(effectivePaySessionStatus(session, session.order, now));
  try {
    const paid = await payMerchantOrder({
      orderId: session.orderId,
      userId: options.userId,
      authorization: options.authorization,
      description: `Payment to ${session.order?.merchantName ?? "merchant"}`,
      now,
      async moveSession(tx, move) {
        const current = await getPaySessionForUserOrThrow(options, tx);
        const status = effectivePaySessionStatus(current, current.order, now);
        if (status !== "order_received") throw refuse(status);
        const to = move === "direct" ? "completed" : "paying";
        if (!(await transitionPaySession(tx, { sessionId: current.id, from: "order_received", to }))) {
          throw new AppError("INVALID_STATE", "This payment was already handled.");
        }
      },
    });
    return { status: "completed" as const, txid: paid.txid };
  } catch (error) {
    if (error instanceof AppError && error.code === "ORDER_ALREADY_PAID") {
      await transitionPaySession(await db(), {
        sessionId: session.id,
        from: "order_received",
        to: "failed",
        failureReason: "The merchant's order was already paid.",
      });
    }
    throw error;
  }
}

function confirmRefusal(status: string): string {
  switch (status) {
    case "pending":
      return "No order has arrived on this pay session yet.";
    case "paying":
      return "This payment is already under way.";
    case "completed":
      return "This payment has already been made.";
    case "declined":
      return "This order was declined.";
    case "expired":
      return "This order has expired.";
    default:
      return "This pay session cannot be confirmed.";
  }
}
