/**
 * The delivery worker: polls the outbox every second and can be woken at once after a payment commits.
 * Each round it also ends what time ends (expired payment requests, holds past their time, settlements
 * through a partner abandoned mid-way by a stopped process), so those statuses and their callbacks
 * happen even when nobody reads the request.
 * It runs inside the server (instrumentation.ts) and can also run alone (scripts/delivery-worker.ts).
 * Deliveries left pending by a stopped process are picked up when a worker starts again.
 */
import { onDeliveriesDue, signalDeliveriesDue } from "@/lib/db/wakeups";
import { deliverDue } from "@/lib/deliveries/deliver-due";
import { expireDueNetworkPayments } from "@/lib/network/merchant-gateway/settle-network-payment";
import { expireDuePaymentRequests } from "@/lib/payment-requests/expire-due-payment-requests";
import { resolveAbandonedSettlements } from "@/lib/settlement/resolve-abandoned-settlements";

const POLL_MS = 1_000;

const state = globalThis as unknown as {
  deliveryWorker?: { timer: NodeJS.Timeout; running: boolean; again: boolean; stopListening: () => void };
};

async function tick() {
  const worker = state.deliveryWorker;
  if (!worker) return;
  if (worker.running) {
    worker.again = true;
    return;
  }
  worker.running = true;
  try {
    do {
      worker.again = false;
      // Its own failure must not hold up the deliveries.
      await expireDuePaymentRequests().catch((error: unknown) =>
        console.error("[deliveries] could not expire due payment requests:", error instanceof Error ? error.message : error),
      );
      await expireDueNetworkPayments().catch((error: unknown) =>
        console.error("[deliveries] could not expire due network payments:", error instanceof Error ? error.message : error),
      );
      await resolveAbandonedSettlements().catch((error: unknown) =>
        console.error("[deliveries] could not resolve abandoned settlements:", error instanceof Error ? error.message : error),
      );
      while ((await deliverDue()) > 0) {
        // keep draining while there is due work
      }
    } while (worker.again);
  } catch (error) {
    console.error("[deliveries] worker error:", error instanceof Error ? error.message : error);
  } finally {
    worker.running = false;
  }
}

export function startDeliveryWorker(): void {
  if (state.deliveryWorker) return;
  const timer = setInterval(() => void tick(), POLL_MS);
  timer.unref();
  // Payments committed by other processes (app instances, on PostgreSQL) wake this worker at once.
  const stopListening = onDeliveriesDue(() => void tick());
  state.deliveryWorker = { timer, running: false, again: false, stopListening };
  void tick();
}

/**
 * Wakes the workers now (after a payment commits) instead of at their next poll: the one in this process,
 * and on PostgreSQL every other one (a worker running as its own process, other app instances).
 */
export function kickDeliveryWorker(): void {
  if (state.deliveryWorker) void tick();
  signalDeliveriesDue().catch((error: unknown) => {
    // Only latency is lost: the worker polls every second.
    console.error("[deliveries] could not signal other workers:", error instanceof Error ? error.message : error);
  });
}

export function stopDeliveryWorker(): void {
  if (state.deliveryWorker) {
    clearInterval(state.deliveryWorker.timer);
    state.deliveryWorker.stopListening();
  }
  state.deliveryWorker = undefined;
}
