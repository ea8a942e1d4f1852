/** Runs once when the Next.js server starts: the outbox delivery worker lives with the server. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEnv } = await import("@/lib/env");
  if (getEnv().DELIVERY_WORKER === "off") return; // scripts/delivery-worker.ts runs it alone
  const { startDeliveryWorker } = await import("@/lib/deliveries/worker");
  startDeliveryWorker();
}
