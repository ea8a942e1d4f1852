import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { getPaySessionForUserOrThrow } from "@/lib/pay-sessions/get-pay-session";
import { effectivePaySessionStatus } from "@/lib/pay-sessions/pay-session-status";

/** The user refuses the order (or closes an unused QR): the session is declined and its order cancelled. */
export async function declinePaySession(options: { sessionId: string; userId: string; now?: Date }) {
  const now = options.now ?? new Date();
  await inTransaction(undefined, async (tx) => {
    const session = await getPaySessionForUserOrThrow(options, tx);
    const status = effectivePaySessionStatus(session, session.order, now);
    if (status !== "pending" && status !== "order_received") {
      throw new AppError("INVALID_STATE", `This pay session is already ${status}.`, { details: { status } });
    }
    const declined = await tx.paySession.updateMany({
      where: { id: session.id, status: session.status },
      data: { status: "declined" },
    });
    if (declined.count !== 1) throw new AppError("INVALID_STATE", "This pay session was handled meanwhile.");
    if (session.orderId) {
      await tx.paymentOrder.updateMany({ where: { id: session.orderId, status: "pending" }, data: { status: "cancelled" } });
    }
  });
  return { status: "declined" as const };
}
