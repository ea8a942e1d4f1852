/**
 * Time-driven transitions of one request, inside the caller's transaction: an open request (CREATED:
 * nothing received) past expiresAt becomes EXPIRED, and a reservation (PENDING) past holdExpiresAt is
 * released → FAILED, the money back with the payer. Applied lazily wherever a request is read or paid,
 * and by the worker's sweep (expire-due-payment-requests.ts) so it happens even when nobody looks.
 */
import type { Tx } from "@/lib/db";
import { applyTransition, type RequestState, type TransitionResult } from "@/lib/payment-requests/apply-transition";
import { releasePaymentRequestHold } from "@/lib/payment-requests/release-payment-request-hold";
import { statusReasonText } from "@/lib/payment-requests/status-reasons";

type TimedRequest = RequestState & { currency: string | null; expiresAt: Date; holdExpiresAt: Date | null };

export const EXPIRED_REASON = statusReasonText({ code: "expired" });
export const HOLD_EXPIRED_REASON = statusReasonText({ code: "holdExpired" });

export function isPaymentRequestDue(request: Pick<TimedRequest, "status" | "expiresAt" | "holdExpiresAt">, now: Date): boolean {
  if (request.status === "CREATED") return request.expiresAt <= now;
  if (request.status === "PENDING") return request.holdExpiresAt !== null && request.holdExpiresAt <= now;
  return false;
}

/** Applies what time has made due; null when nothing was. */
export async function expirePaymentRequestIfDue(tx: Tx, request: TimedRequest, now: Date): Promise<TransitionResult | null> {
  if (!isPaymentRequestDue(request, now)) return null;
  if (request.status === "CREATED") return applyTransition(tx, { request, event: "expire", reason: EXPIRED_REASON, now });
  return releasePaymentRequestHold(tx, { request, event: "hold_expired", reason: HOLD_EXPIRED_REASON, now });
}
