import type { Tx } from "@/lib/db";

/**
 * Writes a delivery to the outbox inside the caller's transaction: it exists if and only if the
 * payment that produced it committed. The worker (lib/deliveries/worker.ts) sends it.
 */
export async function enqueueDelivery(
  tx: Tx,
  options: { kind: string; targetOcid: number | null; path: string; url?: string; paymentRequestId?: string; body: string; proofTxid?: string; now?: Date },
) {
  return tx.delivery.create({
    data: {
      kind: options.kind,
      targetOcid: options.targetOcid,
      path: options.path,
      url: options.url,
      paymentRequestId: options.paymentRequestId,
      body: options.body,
      proofTxid: options.proofTxid,
      createdAt: options.now ?? new Date(),
      nextAttemptAt: options.now ?? new Date(),
    },
  });
}
