/**
 * A merchant's point of sale asks for money: POST /api/payment-requests (../shared/product.md "Payment
 * requests"). Everything is checked before anything is written; one transaction then writes the request
 * (status CREATED, its first log entry — no callback for it) and, with an Idempotency-Key, the answer.
 *
 * Uniqueness among open requests is kept by unique columns, not by reads alone: openShortCode (a fresh
 * random code is drawn while one is taken) and openExternalRefKey (409 CONFLICT naming the open request).
 * A concurrent create that takes either first makes our insert fail; the transaction then runs again and
 * sees it. An open request whose time ran out is expired on the way, freeing its keys.
 */
import { getEnv } from "@/lib/env";
import { inTransaction } from "@/lib/db/transaction";
import { kickDeliveryWorker } from "@/lib/deliveries/worker";
import { AppError } from "@/lib/errors";
import { parseAmount, parsePositiveAmount, formatAmount } from "@/lib/money";
import { findUserByHandle } from "@/lib/users/find-user-by-handle";
import { parseCallbackUrl } from "@/lib/payment-requests/callback-url";
import { expirePaymentRequestIfDue } from "@/lib/payment-requests/expire-payment-request-if-due";
import { hashRequest, recallAnswer, rememberAnswer, type RememberedAnswer } from "@/lib/payment-requests/idempotency";
import { newPaymentRequestId } from "@/lib/payment-requests/payment-request-id";
import { toPaymentRequestJson, VIEW_INCLUDE } from "@/lib/payment-requests/payment-request-view";
import { DEFAULT_HOLD_SECONDS, type CreatePaymentRequestInput } from "@/lib/payment-requests/request-schemas";
import { generateShortCode } from "@/lib/payment-requests/short-code";

/** Attempts when a concurrent create took our short code, externalRef or idempotency key first. */
const MAX_ATTEMPTS = 5;

export const externalRefKey = (merchantId: string, externalRef: string) => `${merchantId}:${externalRef}`;

export async function createPaymentRequest(options: {
  merchantId: string;
  input: CreatePaymentRequestInput;
  idempotencyKey?: string | null;
  now?: Date;
}): Promise<RememberedAnswer> {
  const { merchantId, input } = options;
  const now = options.now ?? new Date();
  const env = getEnv();
  const checked = checkInput(input, { now, defaultExpirySeconds: env.PAYMENT_REQUEST_TTL_SECONDS, allowHttp: env.OPENCHARGE_ALLOW_HTTP });
  const idempotency = options.idempotencyKey
    ? { key: `merchant:${merchantId}:create:${options.idempotencyKey}`, requestHash: hashRequest(input) }
    : null;

  for (let attempt = 1; ; attempt++) {
    try {
      const { answer, callbackEnqueued } = await inTransaction(undefined, async (tx) => {
        if (idempotency) {
          const remembered = await recallAnswer(tx, { ...idempotency, now });
          if (remembered) return { answer: remembered, callbackEnqueued: false };
        }
        let callbackEnqueued = false;
        const payer = input.payer !== undefined ? await findUserByHandle(input.payer, tx) : null;
        if (input.payer !== undefined && !payer) {
          throw new AppError("USER_NOT_FOUND", `No wallet user has the handle @${input.payer.replace(/^@/, "").slice(0, 40)}.`, {
            details: { field: "payer" },
          });
        }

        const refKey = input.externalRef !== undefined ? externalRefKey(merchantId, input.externalRef) : null;
        if (refKey) {
          const holder = await tx.paymentRequest.findUnique({ where: { openExternalRefKey: refKey } });
          // A request whose time ran out is expired now (its callback goes out), which frees the reference.
          const expired = holder ? await expirePaymentRequestIfDue(tx, holder, now) : null;
          if (holder && !expired) {
            throw new AppError("CONFLICT", `An open payment request of this merchant already has externalRef "${input.externalRef}".`, {
              details: { id: holder.id, status: holder.status },
            });
          }
          callbackEnqueued ||= Boolean(expired?.callbackEnqueued);
        }

        let shortCode = generateShortCode();
        for (let draw = 0; ; draw++) {
          const holder = await tx.paymentRequest.findUnique({ where: { openShortCode: shortCode } });
          if (!holder) break;
          const expired = await expirePaymentRequestIfDue(tx, holder, now);
          if (expired) {
            callbackEnqueued ||= expired.callbackEnqueued;
            break;
          }
          if (draw >= 20) throw new Error("Could not draw a free short code");
          shortCode = generateShortCode();
        }

        const id = newPaymentRequestId();
        await tx.paymentRequest.create({
          data: {
            id,
            merchantId,
            shortCode,
            openShortCode: shortCode,
            currency: checked.value?.currency ?? null,
            amount: checked.value?.amount ?? null,
            amountMinor: checked.value?.amountMinor ?? null,
            status: "CREATED",
            expiresAt: checked.expiresAt,
            expirySeconds: checked.expirySeconds,
            notBefore: checked.notBefore,
            description: input.description ?? null,
            externalRef: input.externalRef ?? null,
            openExternalRefKey: refKey,
            lineItemsJson: checked.lineItems ? JSON.stringify(checked.lineItems) : null,
            partialAllowed: input.partialAllowed ?? false,
            payerUserId: payer?.id ?? null,
            capture: input.capture ?? "auto",
            holdSeconds: input.holdSeconds ?? DEFAULT_HOLD_SECONDS,
            callbackUrl: checked.callbackUrl,
            createdAt: now,
            updatedAt: now,
            events: { create: { status: "CREATED", createdAt: now } },
          },
        });
        const created = await tx.paymentRequest.findUniqueOrThrow({ where: { id }, include: VIEW_INCLUDE });
        const answer: RememberedAnswer = { status: 201, body: toPaymentRequestJson(created) };
        if (idempotency) await rememberAnswer(tx, { ...idempotency, answer, now });
        return { answer, callbackEnqueued };
        // Queued isolation (lib/db/transaction.ts): the decisions here rest on unique keys (the open short code,
        // the open externalRef, the Idempotency-Key) and guarded transitions, so a busy till's creates need not
        // abort one another on PostgreSQL.
      }, { isolation: "queued" });
      if (callbackEnqueued) kickDeliveryWorker();
      return answer;
    } catch (error) {
      // A concurrent create took a unique key between our read and our insert: the next run sees it.
      const isUniqueRace = (error as { code?: unknown } | null)?.code === "P2002";
      if (!isUniqueRace || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

type CheckedInput = {
  value: { amount: string; currency: string; amountMinor: bigint } | null;
  expirySeconds: number;
  expiresAt: Date;
  notBefore: Date | null;
  lineItems: Array<{ name: string; qty: number; price: string }> | null;
  callbackUrl: string | null;
};

/** Every rule of the contract that needs no database, so a refused request writes nothing. */
function checkInput(
  input: CreatePaymentRequestInput,
  options: { now: Date; defaultExpirySeconds: number; allowHttp: boolean },
): CheckedInput {
  let value: CheckedInput["value"] = null;
  if (input.value) {
    const { currency } = input.value;
    const amount = input.value.amount;
    if (typeof amount !== "string") {
      throw new AppError("INVALID_AMOUNT", 'value.amount must be a decimal string such as "12.50".', { details: { field: "value.amount" } });
    }
    // Kept as given (a valid decimal string of the currency); the computed amounts are formatted in full.
    value = { amount, currency, amountMinor: parsePositiveAmount(amount, currency) };
  }

  const expirySeconds = input.expirySeconds ?? options.defaultExpirySeconds;
  const expiresAt = new Date(options.now.getTime() + expirySeconds * 1000);
  const notBefore = input.notBefore !== undefined ? new Date(input.notBefore) : null;
  if (notBefore && notBefore >= expiresAt) {
    throw new AppError("VALIDATION_ERROR", 'Invalid body field "notBefore": it must be before the request expires.', {
      details: { issues: [{ path: "notBefore", message: "must be before the request expires" }], expiresAt: expiresAt.toISOString() },
    });
  }

  let lineItems: CheckedInput["lineItems"] = null;
  if (input.lineItems) {
    if (!value) {
      throw new AppError("LINE_ITEMS_MISMATCH", "Line items need a value to sum to: give value {amount, currency}.");
    }
    const currency = value.currency;
    let sum = 0n;
    lineItems = input.lineItems.map((item, index) => {
      if (typeof item.price !== "string") {
        throw new AppError("INVALID_AMOUNT", `lineItems.${index}.price must be a decimal string such as "4.20".`, {
          details: { field: `lineItems.${index}.price` },
        });
      }
      sum += parseAmount(item.price, currency);
      return { name: item.name, qty: item.qty, price: item.price };
    });
    if (sum !== value.amountMinor) {
      throw new AppError(
        "LINE_ITEMS_MISMATCH",
        `The line items sum to ${formatAmount(sum, currency)} ${currency}, not the request's ${value.amount} ${currency}.`,
        { details: { sum: formatAmount(sum, currency), amount: value.amount, currency } },
      );
    }
  }

  if (input.partialAllowed && !value) {
    throw new AppError("VALIDATION_ERROR", 'Invalid body field "partialAllowed": a split payment needs a value to reach.', {
      details: { issues: [{ path: "partialAllowed", message: "needs a value" }] },
    });
  }
  if (input.partialAllowed && input.capture === "manual") {
    throw new AppError("VALIDATION_ERROR", 'Invalid body field "capture": a split payment cannot be reserved for manual capture.', {
      details: { issues: [{ path: "capture", message: "manual capture and partialAllowed exclude each other" }] },
    });
  }

  const callbackUrl = input.callbackUrl !== undefined ? parseCallbackUrl(input.callbackUrl, { allowHttp: options.allowHttp }) : null;
  return { value, expirySeconds, expiresAt, notBefore, lineItems, callbackUrl };
}
