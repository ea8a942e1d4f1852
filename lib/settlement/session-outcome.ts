/**
 * What a partner settlement's end does to the session that asked for it: the pay session (QR flow) or
 * the hosted checkout session of its order, each through its own one guarded transition.
 */
import type { Tx } from "@/lib/db";
import { transitionCheckoutSession } from "@/lib/checkout/checkout-status";
import { transitionPaySession } from "@/lib/pay-sessions/pay-session-status";

export async function completeSessionOf(tx: Tx, orderId: string): Promise<void> {
  const paySession = await tx.paySession.findUnique({ where: { orderId }, select: { id: true } });
  if (paySession) await transitionPaySession(tx, { sessionId: paySession.id, from: "paying", to: "completed" });
  const checkout = await tx.checkoutSession.findUnique({ where: { orderId }, select: { id: true } });
  if (checkout) await transitionCheckoutSession(tx, { sessionId: checkout.id, from: "paying", to: "paid" });
}

export async function failSessionOf(tx: Tx, orderId: string, failureReason: string): Promise<void> {
  const paySession = await tx.paySession.findUnique({ where: { orderId }, select: { id: true } });
  if (paySession) await transitionPaySession(tx, { sessionId: paySession.id, from: "paying", to: "failed", failureReason });
  const checkout = await tx.checkoutSession.findUnique({ where: { orderId }, select: { id: true } });
  if (checkout) await transitionCheckoutSession(tx, { sessionId: checkout.id, from: "paying", to: "failed", failureReason });
}
