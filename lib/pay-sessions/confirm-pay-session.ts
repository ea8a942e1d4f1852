import { db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { kickDeliveryWorker } from "@/lib/deliveries/worker";
import { payOrder } from "@/lib/orders/pay-order";
import { getPaySessionForUserOrThrow } from "@/lib/pay-sessions/get-pay-session";
import { effectivePaySessionStatus } from "@/lib/pay-sessions/pay-session-status";

/**
 * The user confirms the order that arrived on their pay session: one transaction pays it (see
 * payOrder) and completes the session. Concurrent confirms: the guarded updates let exactly one win.
 */
export async function confirmPaySession(options: { sessionId: string; userId: string; now?: Date }) {
  const now = options.now ?? new Date();
  try {
    const result = await inTransaction(undefined, async (tx) => {
      const session = await getPaySessionForUserOrThrow(options, tx);
      const status = effectivePaySessionStatus(session, session.order, now);
      if (status !== "order_received" || !session.orderId) {
        throw new AppError("INVALID_STATE", confirmRefusal(status), { details: { status } });
      }
      const paid = await payOrder(tx, {
        orderId: session.orderId,
        userId: options.userId,
        description: `Payment to ${session.order?.merchantName ?? "merchant"}`,
        now,
      });
      const completed = await tx.paySession.updateMany({
        where: { id: session.id, status: "order_received" },
        data: { status: "completed" },
      });
      if (completed.count !== 1) throw new AppError("INVALID_STATE", "This payment was already handled.");
      return paid;
    });
    kickDeliveryWorker();
    return { status: "completed" as const, txid: result.txid };
  } catch (error) {
    if (error instanceof AppError && error.code === "ORDER_ALREADY_PAID") {
      const client = await db();
      await client.paySession.updateMany({
        where: { id: options.sessionId, userId: options.userId, status: "order_received" },
        data: { status: "failed", failureReason: "The merchant's order was already paid." },
      });
    }
    throw error;
  }
}

function confirmRefusal(status: string): string {
  switch (status) {
    case "pending":
      return "No order has arrived on this pay session yet.";
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
