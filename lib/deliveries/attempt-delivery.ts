/**
 * One delivery round of one outbox row, by the holder of its lease (deliver-due.ts, redeliver-delivery.ts).
 *
 * The row is sent signed as its counterparty's profile says (read from the database on every round, so
 * a profile learned a moment ago applies at once). When the counterparty refuses it with a signature
 * error, the same proof is sent again at once with the other signing variants (signing-variants.ts), in
 * their fixed order, until one is answered with a 2xx; that variant becomes the counterparty's profile.
 * The lease is renewed before every request and every final write is guarded by the lease token, so no
 * two workers ever send one row at once and a proof is accepted at most once.
 *
 * Outcomes: 2xx "accepted" (or no status) → delivered; 2xx "rejected" → rejected; another 4xx, or a
 * signature refusal of every variant → rejected. Network errors, timeouts, 5xx, 408 and 429 → retried
 * with backoff (retry-schedule.ts) for 24 hours, then failed. Every request is logged in DeliveryAttempt
 * with its variant; a delivery that ends rejected or failed is logged on stderr.
 */
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { ClaimedDelivery } from "@/lib/db/hot-paths";
import { isRetryableStatus, nextAttemptAt } from "@/lib/deliveries/retry-schedule";
import { isSignatureRefusal, signingVariantsFor } from "@/lib/deliveries/signing-variants";
import { recordLearnedSigningProfile } from "@/lib/opencharge/counterparties";
import { findCounterpartySource } from "@/lib/opencharge/counterparty-sources";
import { counterpartyUrl, OutboundRequestError, sendSignedRequest, type SignedResponse } from "@/lib/opencharge/client";
import { resolveCounterparty } from "@/lib/opencharge/resolver";
import {
  isSameSigningProfile,
  pickSigningProfile,
  signingProfileName,
  signObjectForProfile,
  SPEC_SIGNING_PROFILE,
  type SigningProfile,
} from "@/lib/opencharge/signing-profile";

export const LEASE_MS = 60_000;
const ATTEMPT_TIMEOUT_MS = 10_000;
const EXCERPT_LENGTH = 500;

/** An outbox row as a round needs it (as claimed by deliver-due.ts, or read by redeliver-delivery.ts). */
export type DeliveryRow = ClaimedDelivery;

export type AttemptOptions = { random?: () => number; attemptTimeoutMs?: number };

/** A lease taken with a guarded update: `token` identifies its holder, `now` the (possibly simulated) time it was taken. */
export type Lease = { token: string; now: Date; startedAt: number };

export function newLease(now: Date): Lease {
  return { token: randomUUID(), now, startedAt: Date.now() };
}

/** The lease's clock: its `now` plus the real time since it was taken. */
const leaseClock = (lease: Lease) => new Date(lease.now.getTime() + (Date.now() - lease.startedAt));

export const leaseUntil = (lease: Lease) => new Date(leaseClock(lease).getTime() + LEASE_MS);

export type AttemptRecord = { variant: string; url: string; httpStatus: number | null; error: string | null };

export type RoundResult = {
  status: "pending" | "delivered" | "rejected" | "failed";
  outcome: string | null;
  lastError: string | null;
  /** The requests of this round, in order. */
  requests: AttemptRecord[];
  /** The profile learned in this round, when the counterparty's was replaced. */
  learnedProfile?: string;
  /** False when the lease was lost meanwhile (another worker owns the row; nothing was written). */
  leaseHeld: boolean;
};

type Final = { status: "delivered" | "rejected"; outcome: string };

export async function attemptDelivery(delivery: DeliveryRow, lease: Lease, options: AttemptOptions = {}): Promise<RoundResult> {
  const client = await db();
  const requests: AttemptRecord[] = [];
  let final: Final | null = null;
  let retryError: string | null = null;
  let learnedProfile: string | undefined;

  const send = async (url: string, endpoint: string, profile: SigningProfile): Promise<SignedResponse | null> => {
    const variant = signingProfileName(profile);
    const startedAt = leaseClock(lease);
    const started = Date.now();
    let response: SignedResponse | null = null;
    let error: string | null = null;
    try {
      response = await sendSignedRequest({
        url,
        method: "POST",
        body: bodyFor(delivery, profile),
        timeoutMs: options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS,
        signing: { requestPath: profile.requestPath, signatureEncoding: profile.signatureEncoding, endpoint },
      });
    } catch (failure) {
      error = failure instanceof OutboundRequestError ? `${failure.kind}: ${failure.message}` : (failure as Error).message;
    }
    const httpStatus = response?.status ?? null;
    if (response && isRetryableStatus(response.status)) error = `HTTP ${response.status}`;
    await client.deliveryAttempt.create({
      data: {
        deliveryId: delivery.id,
        url,
        httpStatus,
        latencyMs: response?.latencyMs ?? Date.now() - started,
        error,
        responseExcerpt: response ? response.text.slice(0, EXCERPT_LENGTH) : null,
        variant,
        startedAt,
      },
    });
    requests.push({ variant, url, httpStatus, error });
    if (!response) retryError = error;
    return response;
  };

  try {
    if (delivery.targetOcid === null) {
      // A payment request callback to a merchant's callbackUrl: signed as the spec says (there is no
      // counterparty profile to learn); any 2xx is delivered, other 4xx final, the rest retried.
      if (!delivery.url) throw new Error(`Delivery ${delivery.id} has neither a counterparty nor a URL`);
      const response = await send(delivery.url, new URL(delivery.url).origin, SPEC_SIGNING_PROFILE);
      if (response && response.status >= 200 && response.status < 300) final = { status: "delivered", outcome: `accepted (HTTP ${response.status})` };
      else if (response && isRetryableStatus(response.status)) retryError = `HTTP ${response.status}`;
      else if (response) final = { status: "rejected", outcome: `refused with HTTP ${response.status}: ${describeError(response.json, response.text)}` };
    } else {
      const target = await resolveCounterparty(delivery.targetOcid);
      const url = counterpartyUrl(target, delivery.path);
      const source = await findCounterpartySource(delivery.targetOcid);
      const current = source ? pickSigningProfile(source) : { ...SPEC_SIGNING_PROFILE };
      const variants = signingVariantsFor(current);
      let firstRefusal: string | null = null;
      for (const [index, profile] of variants.entries()) {
        if (index > 0 && !(await renewLease(delivery.id, lease))) return { ...pendingResult(requests), leaseHeld: false };
        const response = await send(url, target.endpoint, profile);
        if (!response) break; // no answer: retry later, starting again from the current profile
        if (response.status >= 200 && response.status < 300) {
          final = describeAnswer(response.json);
          if (!isSameSigningProfile(profile, current)) {
            await recordLearnedSigningProfile(delivery.targetOcid, profile);
            learnedProfile = signingProfileName(profile);
            console.warn(
              `[deliveries] OCID ${delivery.targetOcid} refused ${signingProfileName(current)} signatures and accepted ${learnedProfile}: ` +
                "its profile now says so.",
            );
          }
          break;
        }
        if (isRetryableStatus(response.status)) {
          retryError = `HTTP ${response.status}`;
          break;
        }
        const refusal = `refused with HTTP ${response.status}: ${describeError(response.json, response.text)}`;
        if (!isSignatureRefusal(response.status, response.json, response.text)) {
          final = { status: "rejected", outcome: refusal };
          break;
        }
        firstRefusal ??= refusal;
        if (index === variants.length - 1) {
          final = { status: "rejected", outcome: `${firstRefusal} (every signing variant was refused: ${variants.length} tried)` };
        }
      }
    }
  } catch (failure) {
    // The counterparty could not be resolved (unknown OCID, metadata unavailable) or the database failed.
    retryError = failure instanceof Error ? failure.message : String(failure);
    const where = targetOf(delivery);
    await client.deliveryAttempt.create({ data: { deliveryId: delivery.id, url: where, latencyMs: 0, error: retryError, startedAt: leaseClock(lease) } });
    requests.push({ variant: "", url: where, httpStatus: null, error: retryError });
  }

  const attempts = delivery.attempts + 1;
  if (final) {
    const written = await client.delivery.updateMany({
      where: { id: delivery.id, leaseToken: lease.token },
      data: {
        status: final.status,
        outcome: final.outcome,
        attempts,
        lockedUntil: null,
        leaseToken: null,
        completedAt: new Date(),
        lastError: final.status === "rejected" ? final.outcome : null,
      },
    });
    if (written.count !== 1) return { ...pendingResult(requests), leaseHeld: false };
    if (final.status === "rejected") reportUndelivered(delivery, "rejected", final.outcome);
    return { status: final.status, outcome: final.outcome, lastError: final.status === "rejected" ? final.outcome : null, requests, learnedProfile, leaseHeld: true };
  }

  const windowStart = delivery.redeliveredAt ?? delivery.createdAt;
  // From the round's start, as the schedule is defined (a walk of variants takes seconds at most).
  const next = nextAttemptAt({ createdAt: windowStart, attempts, now: lease.now, random: options.random });
  const outcome = next ? null : "gave up after 24 hours of retries";
  const written = await client.delivery.updateMany({
    where: { id: delivery.id, leaseToken: lease.token },
    data: next
      ? { attempts, lastError: retryError, nextAttemptAt: next, lockedUntil: null, leaseToken: null }
      : { attempts, lastError: retryError, status: "failed", outcome, lockedUntil: null, leaseToken: null, completedAt: new Date() },
  });
  if (written.count !== 1) return { ...pendingResult(requests), leaseHeld: false };
  if (!next) reportUndelivered(delivery, "failed", `${outcome} (last: ${retryError})`);
  return { status: next ? "pending" : "failed", outcome, lastError: retryError, requests, learnedProfile, leaseHeld: true };
}

/** Extends the lease before another request; false when it is no longer ours. */
async function renewLease(id: string, lease: Lease): Promise<boolean> {
  const client = await db();
  const renewed = await client.delivery.updateMany({ where: { id, leaseToken: lease.token, status: "pending" }, data: { lockedUntil: leaseUntil(lease) } });
  return renewed.count === 1;
}

function pendingResult(requests: AttemptRecord[]): Omit<RoundResult, "leaseHeld"> {
  return { status: "pending", outcome: null, lastError: null, requests };
}

/**
 * The body for one variant: a transfer proof is re-signed over the variant's canonical form in its
 * encoding; the proof object itself is the one queued, unchanged. For the profile the row was signed
 * with, the bytes are the queued ones (signatures are deterministic, RFC 6979).
 */
function bodyFor(delivery: DeliveryRow, profile: SigningProfile): string {
  if (delivery.kind !== "transfer.webhook") return delivery.body;
  const { proof } = JSON.parse(delivery.body) as { proof: object };
  return JSON.stringify({ proof, signature: signObjectForProfile(proof, profile) });
}

/** The operator must hear of a payment whose proof the counterparty never accepted (no secrets in here). */
function reportUndelivered(delivery: DeliveryRow, status: "rejected" | "failed", outcome: string) {
  console.error(
    `[deliveries] delivery ${delivery.id} (${delivery.kind}) to ${delivery.targetOcid !== null ? `OCID ${delivery.targetOcid}` : targetOf(delivery)} ${status}: ${outcome}. ` +
      "See `npm run wallet -- deliveries:list`; send it again with `deliveries:redeliver`.",
  );
}

/** Where a delivery goes, for logs: "ocid:500/transfer/webhook", or a callback's origin and path (no query: it may hold secrets). */
export function targetOf(delivery: Pick<DeliveryRow, "targetOcid" | "path" | "url">): string {
  if (delivery.targetOcid !== null) return `ocid:${delivery.targetOcid}${delivery.path}`;
  try {
    const url = new URL(delivery.url ?? "");
    return `${url.origin}${url.pathname}`;
  } catch {
    return "an invalid callback URL";
  }
}

function describeAnswer(json: unknown): Final {
  const body = json as { status?: unknown; message?: unknown } | null;
  if (body && (body.status === "accepted" || body.status === "rejected")) {
    const message = typeof body.message === "string" ? `: ${body.message.slice(0, 200)}` : "";
    return { status: body.status === "rejected" ? "rejected" : "delivered", outcome: `${body.status}${message}` };
  }
  return { status: "delivered", outcome: "accepted (no status in the answer)" };
}

function describeError(json: unknown, text: string): string {
  const error = (json as { error?: unknown } | null | undefined)?.error;
  if (error && typeof error === "object") {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return `${String(code)} ${String(message ?? "").slice(0, 200)}`.trim();
  }
  if (typeof error === "string") return error.slice(0, 200);
  return text.trim() ? text.trim().slice(0, 200) : "no error body";
}
