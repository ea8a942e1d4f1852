/**
 * The outbox delivery worker as its own process (`npm run worker`), for operators who run the web
 * server with DELIVERY_WORKER=off. Leases make it safe to run next to the server's worker too.
 */
import { loadEnvConfig } from "@next/env";
import { startDeliveryWorker, stopDeliveryWorker } from "../lib/deliveries/worker";

loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
startDeliveryWorker();
console.log("[deliveries] worker started");
// The worker's timer is unref'd inside the server; keep this process alive on its own.
const keepAlive = setInterval(() => {}, 1 << 30);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopDeliveryWorker();
    clearInterval(keepAlive);
    process.exit(0);
  });
}
