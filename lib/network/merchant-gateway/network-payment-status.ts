/**
 * The state machine of a payment another gateway makes to one of our merchants' requests through us
 * (Merchant Gateway API: payment/create → pending_settlement; payment/settle → completed; its time runs
 * out → expired). Callers apply a transition with an update guarded by the status they read.
 */
import { AppError } from "@/lib/errors";

export const NETWORK_PAYMENT_STATUSES = ["pending_settlement", "completed", "expired"] as const;
export type NetworkPaymentStatus = (typeof NETWORK_PAYMENT_STATUSES)[number];
export type NetworkPaymentEvent = "settle" | "expire";

export const NETWORK_PAYMENT_TRANSITIONS: Record<NetworkPaymentEvent, { from: readonly NetworkPaymentStatus[]; to: NetworkPaymentStatus }> = {
  settle: { from: ["pending_settlement"], to: "completed" },
  expire: { from: ["pending_settlement"], to: "expired" },
};

export function nextNetworkPaymentStatus(status: string, event: NetworkPaymentEvent): NetworkPaymentStatus {
  const transition = NETWORK_PAYMENT_TRANSITIONS[event];
  if ((transition.from as readonly string[]).includes(status)) return transition.to;
  if (status === "expired") throw new AppError("PAYMENT_EXPIRED", "This payment expired before it was settled.", { details: { status } });
  throw new AppError("INVALID_STATE", `This payment is ${status}; it cannot be ${event === "settle" ? "settled" : "expired"}.`, { details: { status } });
}
