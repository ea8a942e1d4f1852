/**
 * `Idempotency-Key` (create and pay): the answer to a request is remembered for 24 hours under the
 * caller's key, in the same transaction as what the request did. The same key with the same body gets
 * the same status and body again and changes nothing; the same key with another body is 409
 * IDEMPOTENCY_CONFLICT. Two concurrent requests with one key write one record (its primary key): the
 * loser's transaction fails, runs again and finds the winner's answer. Only successful answers are
 * remembered: a refused request (e.g. 402 INSUFFICIENT_FUNDS) changed nothing and may be sent again.
 */
import { createHash } from "node:crypto";
import type { Tx } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { canonicalJson } from "@/lib/opencharge/canonical-json";
import { z } from "zod";

export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

/** The header's value: 1–255 visible ASCII characters. */
export const idempotencyKeySchema = z
  .string()
  .min(1, "Idempotency-Key must not be empty")
  .max(255, "Idempotency-Key is at most 255 characters")
  .regex(/^[\x21-\x7e]+$/, "Idempotency-Key must be visible ASCII characters");

export type RememberedAnswer = { status: number; body: unknown };

/** A digest of what the request asks, independent of key order and whitespace. */
export function hashRequest(value: unknown): string {
  return createHash("sha256").update(canonicalJson(JSON.parse(JSON.stringify(value ?? null)))).digest("hex");
}

/** The remembered answer for `key`, null when there is none (or it is older than 24 hours). */
export async function recallAnswer(tx: Tx, options: { key: string; requestHash: string; now: Date }): Promise<RememberedAnswer | null> {
  const record = await tx.idempotencyRecord.findUnique({ where: { key: options.key } });
  if (!record) return null;
  if (record.expiresAt <= options.now) {
    await tx.idempotencyRecord.delete({ where: { key: options.key } });
    return null;
  }
  if (record.requestHash !== options.requestHash) {
    throw new AppError("IDEMPOTENCY_CONFLICT", "This Idempotency-Key was already used with a different request body.");
  }
  return { status: record.status, body: JSON.parse(record.responseBody) as unknown };
}

export async function rememberAnswer(
  tx: Tx,
  options: { key: string; requestHash: string; answer: RememberedAnswer; now: Date },
): Promise<void> {
  await tx.idempotencyRecord.create({
    data: {
      key: options.key,
      requestHash: options.requestHash,
      status: options.answer.status,
      responseBody: JSON.stringify(options.answer.body),
      createdAt: options.now,
      expiresAt: new Date(options.now.getTime() + IDEMPOTENCY_TTL_MS),
    },
  });
}

/** Reads the optional header: null when absent, 400 VALIDATION_ERROR when malformed. */
export function readIdempotencyKey(headers: Headers): string | null {
  const value = headers.get("idempotency-key");
  if (value === null) return null;
  const parsed = idempotencyKeySchema.safeParse(value);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Invalid Idempotency-Key";
    throw new AppError("VALIDATION_ERROR", `${message}.`, { details: { issues: [{ path: "Idempotency-Key", message }] } });
  }
  return parsed.data;
}

/**
 * Runs a keyed request (pay, send) that uses queued isolation, where the same key sent twice at once does
 * not collide on the key itself but on what the first one changed: the second waits on the first's rows
 * and is then refused (the request is paid, the balance is spent). Once the first has committed its
 * answer, the second gets that answer instead of the refusal — the same key, the same answer.
 */
export async function sameKeySameAnswer(
  idempotency: { key: string; requestHash: string } | null,
  now: Date,
  run: () => Promise<RememberedAnswer>,
): Promise<RememberedAnswer> {
  try {
    return await run();
  } catch (error) {
    if (idempotency && error instanceof AppError) {
      const remembered = await inTransaction(undefined, (tx) => recallAnswer(tx, { ...idempotency, now }));
      if (remembered) return remembered;
    }
    throw error;
  }
}
