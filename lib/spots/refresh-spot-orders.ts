/**
 * Before spots are shown: the orders of their current visits whose time has run out (an order nobody
 * confirmed before it expired, a reservation past its hold) get their transition now, so a spot order
 * reads `closed` at once rather than when the worker's sweep comes round.
 */
import { expireDuePaymentRequests } from "@/lib/payment-requests/expire-due-payment-requests";
import { visitsOf } from "@/lib/spots/spot-view";

export async function refreshSpotOrders(spots: Array<{ id: string; visit: number }>, now: Date): Promise<void> {
  const visits = visitsOf(spots);
  if (visits.length === 0) return;
  await expireDuePaymentRequests({ now, where: { spotOrder: { is: { OR: visits } } } });
}
