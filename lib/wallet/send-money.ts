/**
 * A wallet user sends money to another user by handle (POST /api/wallet/transfers): one balanced posting,
 * sender −amount → recipient +amount, in one transaction. The sender's debit is postTransaction's guarded
 * update, so an overdraft is refused (402 INSUFFICIENT_FUNDS) and nothing is written — also when two sends
 * race for the same money: one wins, the other finds the balance short.
 *
 * `Idempotency-Key` works as for payment requests (lib/payment-requests/idempotency.ts): the answer is
 * remembered in the same transaction as the posting, so the same key and body get the same answer and no
 * second debit; the same key with another body is 409 IDEMPOTENCY_CONFLICT.
 */
import { assertPaymentAuthorized, type PaymentAuthorization } from "@/lib/auth/recent-auth";
import type { Tx } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { normalizeHandle } from "@/lib/handles/handle-rules";
import { getOrCreateAccount, userOwner } from "@/lib/ledger/accounts";
import { postTransaction } from "@/lib/ledger/post-transaction";
import { currencyExponent, formatAmount, parsePositiveAmount } from "@/lib/money";
import { hashRequest, recallAnswer, rememberAnswer, sameKeySameAnswer, type RememberedAnswer } from "@/lib/payment-requests/idempotency";
import { ensureUserHandle } from "@/lib/users/ensure-user-handle";
import { findUserByHandleOrThrow, type HandleUser } from "@/lib/users/find-user-by-handle";
import { transferDescription, USER_TRANSFER_KIND } from "@/lib/wallet/transfer-description";
import type { SendMoneyInput } from "@/lib/wallet/transfer-schemas";

export type SendMoneyAnswer = { txid: string; to: string; amount: string; currency: string };
/** What the sender may see of a recipient before sending: never their email. */
export type RecipientView = { handle: string; name: string | null };

export async function sendMoney(options: {
  userId: string;
  /** How the sender asked (lib/auth/recent-auth.ts): a large transfer needs a fresh password proof. */
  authorization?: PaymentAuthorization;
  input: SendMoneyInput;
  idempotencyKey?: string | null;
  now?: Date;
}): Promise<RememberedAnswer> {
  const { userId, input } = options;
  const now = options.now ?? new Date();
  const currency = input.currency.trim().toUpperCase();
  currencyExponent(currency); // 400 UNSUPPORTED_CURRENCY before the amount is read in it
  const minor = parseTransferAmount(input.amount, currency);
  const amount = formatAmount(minor, currency);
  const memo = input.memo;
  // Accounts made before handles existed get one now: the recipient's history names the sender by it.
  const senderHandle = await ensureUserHandle(userId);
  const idempotency = options.idempotencyKey
    ? {
        key: `user:${userId}:transfer:${options.idempotencyKey}`,
        // What the request means, not how it was typed: "@Bob" and "bob", "5" and "5.00" are the same transfer.
        requestHash: hashRequest({ to: normalizeHandle(input.to) ?? input.to, amount, currency, memo: memo ?? null }),
      }
    : null;

  // Queued isolation (lib/db/transaction.ts): the decisions are the sender's balance floor (a guarded debit)
  // and the Idempotency-Key (a unique key), so sends on one busy account wait for each other, not abort.
  return sameKeySameAnswer(idempotency, now, () => inTransaction(undefined, async (tx) => {
    if (idempotency) {
      const remembered = await recallAnswer(tx, { ...idempotency, now });
      if (remembered) return remembered;
    }
    // After the remembered answer (a retry of a transfer already made is answered as before), before money moves.
    assertPaymentAuthorized(options.authorization, { amountMinor: minor, currency });
    const recipient = await findTransferRecipient({ handle: input.to, senderId: userId }, tx);
    const from = await getOrCreateAccount(tx, { type: "user", owner: userOwner(userId), currency, userId });
    const to = await getOrCreateAccount(tx, { type: "user", owner: userOwner(recipient.id), currency, userId: recipient.id });
    const posting = await postTransaction(tx, {
      kind: USER_TRANSFER_KIND,
      description: transferDescription({ from: senderHandle, to: recipient.handle, memo }),
      legs: [
        { accountId: from.id, amount: -minor },
        { accountId: to.id, amount: minor },
      ],
    });
    const body: SendMoneyAnswer = { txid: posting.id, to: recipient.handle, amount, currency };
    const answer: RememberedAnswer = { status: 201, body };
    if (idempotency) await rememberAnswer(tx, { ...idempotency, answer, now });
    return answer;
  }, { isolation: "queued" }));
}

/**
 * Who a transfer to `handle` reaches: a wallet user other than the sender. Nobody, a merchant's handle or
 * something that cannot be a handle → 404 USER_NOT_FOUND (merchants are paid through payment requests);
 * the sender's own handle → 400.
 */
export async function findTransferRecipient(options: { handle: string; senderId: string }, tx?: Tx): Promise<HandleUser> {
  const recipient = await findUserByHandleOrThrow(options.handle, tx);
  if (recipient.id === options.senderId) {
    throw new AppError("VALIDATION_ERROR", "You cannot send money to yourself.", {
      details: { issues: [{ path: "to", message: "this is your own handle" }] },
    });
  }
  return recipient;
}

/** GET /api/wallet/recipients/{handle}: the confirmation step's "to whom", with the same refusals as a send. */
export async function lookUpTransferRecipient(options: { handle: string; senderId: string }): Promise<RecipientView> {
  const recipient = await findTransferRecipient(options);
  return { handle: recipient.handle, name: recipient.name };
}

function parseTransferAmount(value: unknown, currency: string): bigint {
  if (typeof value !== "string") {
    throw new AppError("INVALID_AMOUNT", 'amount must be a decimal string such as "12.50".', { details: { field: "amount" } });
  }
  return parsePositiveAmount(value, currency);
}
