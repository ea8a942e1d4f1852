import { db } from "@/lib/db";
import { effectivePaySessionStatus } from "@/lib/pay-sessions/pay-session-status";
import type { EntryLabel } from "@/lib/wallet/list-transactions";

/**
 * Orders that reached the user and were not paid: an order on their QR code they declined or let expire,
 * and a request to pay addressed to them that they declined or that expired. No money moved, so they are
 * not in the ledger; the history shows them as such, between the movements of the same time.
 */
export type UnpaidOrderEntry = {
  id: string;
  status: "declined" | "expired";
  label: Extract<EntryLabel, { key: "declined" | "expired" }>;
  amount: string | null;
  currency: string | null;
  /** When it was declined or expired (ISO 8601). */
  at: string;
  /** The receipt page of the entry. */
  href: string;
};

const MAX_ENTRIES = 100;

/** Declined and expired orders of the user between `after` (exclusive; none: from the start) and `before` (inclusive; none: now). */
export async function listUnpaidOrders(options: { userId: string; after?: Date | null; before?: Date | null; now?: Date }): Promise<UnpaidOrderEntry[]> {
  const now = options.now ?? new Date();
  const client = await db();
  const [sessions, requests] = await Promise.all([
    client.paySession.findMany({
      where: { userId: options.userId, orderId: { not: null }, status: { in: ["declined", "order_received"] }, ...createdBefore(options.before) },
      include: { order: true },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: MAX_ENTRIES,
    }),
    client.paymentRequest.findMany({
      where: {
        payerUserId: options.userId,
        amountPaidMinor: 0,
        amountHeldMinor: 0,
        OR: [{ status: "EXPIRED" }, { status: "CREATED", expiresAt: { lte: now } }, { status: "CANCELLED", statusReason: { startsWith: "Declined by the payer" } }],
        ...createdBefore(options.before),
      },
      include: { merchant: { select: { name: true } } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: MAX_ENTRIES,
    }),
  ]);
  const entries: UnpaidOrderEntry[] = [];
  for (const session of sessions) {
    if (!session.order) continue;
    const status = effectivePaySessionStatus(session, session.order, now);
    if (status !== "declined" && status !== "expired") continue;
    const at = status === "declined" ? session.updatedAt : (session.order.expiresAt ?? session.expiresAt);
    entries.push({
      id: session.id,
      status,
      label: { key: status, merchant: session.order.merchantName },
      amount: session.order.amount,
      currency: session.order.currency,
      at: at.toISOString(),
      href: `/wallet/receipts/${session.id}`,
    });
  }
  for (const request of requests) {
    const status = request.status === "CANCELLED" ? "declined" : "expired";
    const at = status === "declined" ? request.updatedAt : request.expiresAt;
    entries.push({
      id: request.id,
      status,
      label: { key: status, merchant: request.merchant.name },
      amount: request.amount,
      currency: request.currency,
      at: at.toISOString(),
      // A request's page is the payer's view of it, with its state.
      href: `/pay/${request.id}`,
    });
  }
  return entries
    .filter((e) => (!options.after || Date.parse(e.at) > options.after.getTime()) && (!options.before || Date.parse(e.at) <= options.before.getTime()))
    .filter((e) => Date.parse(e.at) <= now.getTime())
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/** Rows created after `before` cannot have ended by it. */
const createdBefore = (before: Date | null | undefined) => (before ? { createdAt: { lte: before } } : {});
