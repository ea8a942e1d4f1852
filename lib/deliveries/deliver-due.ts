/**
 * Sends due outbox deliveries. Each is leased (lockedUntil) before sending so two workers — the one in
 * the server and a standalone one — never send the same delivery at once. Every attempt is logged.
 * Final outcomes: 2xx → delivered (the receiver's accepted/rejected answer is recorded); another 4xx →
 * failed (the receiver refuses it; retrying the same proof cannot help). Network errors, timeouts, 5xx,
 * 408 and 429 are retried with backoff (retry-schedule.ts) for 24 hours, the same body every time.
 */
import { db } from "@/lib/db";
import { isRetryableStatus, nextAttemptAt } from "@/lib/deliveries/retry-schedule";
import { OutboundRequestError } from "@/lib/opencharge/outbound-http";
import { sendSignedRequest, counterpartyUrl } from "@/lib/opencharge/client";
import { resolveCounterparty } from "@/lib/opencharge/resolver";

const LEASE_MS = 60_000;
const ATTEMPT_TIMEOUT_MS = 10_000;
const EXCERPT_LENGTH = 500;

export type DeliverDueOptions = { now?: Date; limit?: number; random?: () => number; attemptTimeoutMs?: number };

/** Sends up to `limit` due deliveries; returns how many were attempted. */
export async function deliverDue(options: DeliverDueOptions = {}): Promise<number> {
  const now = options.now ?? new Date();
  const client = await db();
  const due = await client.delivery.findMany({
    where: {
      status: "pending",
      nextAttemptAt: { lte: now },
      OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
    },
    orderBy: { nextAttemptAt: "asc" },
    take: options.limit ?? 20,
  });
  let attempted = 0;
  await Promise.all(
    due.map(async (delivery) => {
      const lease = await client.delivery.updateMany({
        where: { id: delivery.id, status: "pending", OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
        data: { lockedUntil: new Date(now.getTime() + LEASE_MS) },
      });
      if (lease.count !== 1) return; // another worker took it
      attempted++;
      await attemptDelivery(delivery, now, options);
    }),
  );
  return attempted;
}

type DeliveryRow = { id: string; targetOcid: number; path: string; body: string; attempts: number; createdAt: Date };

async function attemptDelivery(delivery: DeliveryRow, now: Date, options: DeliverDueOptions) {
  const client = await db();
  const attempts = delivery.attempts + 1;
  let url = "";
  let httpStatus: number | null = null;
  let latencyMs = 0;
  let error: string | null = null;
  let excerpt: string | null = null;
  let outcome: { status: "delivered" | "failed"; outcome: string } | null = null;
  const started = Date.now();
  try {
    const target = await resolveCounterparty(delivery.targetOcid);
    url = counterpartyUrl(target, delivery.path);
    const response = await sendSignedRequest({ url, method: "POST", body: JSON.parse(delivery.body), timeoutMs: options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS });
    httpStatus = response.status;
    latencyMs = response.latencyMs;
    excerpt = response.text.slice(0, EXCERPT_LENGTH);
    if (response.status >= 200 && response.status < 300) {
      outcome = { status: "delivered", outcome: describeAnswer(response.json) };
    } else if (!isRetryableStatus(response.status)) {
      outcome = { status: "failed", outcome: `refused with HTTP ${response.status}: ${describeError(response.json)}` };
    } else {
      error = `HTTP ${response.status}`;
    }
  } catch (failure) {
    latencyMs = Date.now() - started;
    error = failure instanceof OutboundRequestError ? `${failure.kind}: ${failure.message}` : (failure as Error).message;
  }

  await client.deliveryAttempt.create({
    data: { deliveryId: delivery.id, url: url || `ocid:${delivery.targetOcid}${delivery.path}`, httpStatus, latencyMs, error, responseExcerpt: excerpt, startedAt: now },
  });
  if (outcome) {
    await client.delivery.update({
      where: { id: delivery.id },
      data: { status: outcome.status, outcome: outcome.outcome, attempts, lockedUntil: null, completedAt: new Date(), lastError: outcome.status === "failed" ? outcome.outcome : null },
    });
    return;
  }
  const next = nextAttemptAt({ createdAt: delivery.createdAt, attempts, now, random: options.random });
  await client.delivery.update({
    where: { id: delivery.id },
    data: next
      ? { attempts, lastError: error, nextAttemptAt: next, lockedUntil: null }
      : { attempts, lastError: error, status: "failed", outcome: "gave up after 24 hours of retries", lockedUntil: null, completedAt: new Date() },
  });
  if (!next) console.error(`[deliveries] gave up on delivery ${delivery.id} to OCID ${delivery.targetOcid}: ${error}`);
}

function describeAnswer(json: unknown): string {
  const body = json as { status?: unknown; message?: unknown } | null;
  if (body && (body.status === "accepted" || body.status === "rejected")) {
    return typeof body.message === "string" ? `${body.status}: ${body.message.slice(0, 200)}` : body.status;
  }
  return "accepted (no status in the answer)";
}

function describeError(json: unknown): string {
  const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return error ? `${String(error.code)} ${String(error.message ?? "").slice(0, 200)}`.trim() : "no error body";
}
