/**
 * Who on our side money from the network is for, and the one way it is credited — shared by the
 * /transfer/webhook (an issuer's proof) and /transfer/create (a partner's reserve). A reference names:
 *  - a payment request (`pr_…`) → receive-network-payment.ts decides its status and where the money goes;
 *  - an email, or a handle (`@ada`, `ada`) of a wallet user → their account;
 *  - a handle of one of our merchants → the merchant's account.
 * Anything else is 400 ACCOUNT_NOT_FOUND, naming nothing of ours.
 */
import type { PaymentRequest } from "@/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { normalizeHandle } from "@/lib/handles/handle-rules";
import { getOrCreateAccount, merchantOwner, userOwner } from "@/lib/ledger/accounts";
import { postTransaction } from "@/lib/ledger/post-transaction";
import { receiveNetworkPayment } from "@/lib/payment-requests/receive-network-payment";
import { emailSchema } from "@/lib/users/schemas";

export type LocalRecipient =
  | { kind: "user"; userId: string }
  | { kind: "merchant"; merchantId: string }
  | { kind: "payment_request"; request: PaymentRequest };

export async function findLocalRecipient(tx: Tx, reference: string | undefined): Promise<LocalRecipient> {
  const text = reference?.trim() ?? "";
  if (text.startsWith("pr_")) {
    const request = await tx.paymentRequest.findUnique({ where: { id: text } });
    if (request) return { kind: "payment_request", request };
  } else if (text.includes("@") && !text.startsWith("@")) {
    const email = emailSchema.safeParse(text);
    const user = email.success ? await tx.user.findUnique({ where: { email: email.data }, select: { id: true } }) : null;
    if (user) return { kind: "user", userId: user.id };
  } else {
    const handle = normalizeHandle(text);
    const owner = handle ? await tx.handle.findUnique({ where: { handle }, select: { userId: true, merchantId: true } }) : null;
    if (owner?.userId) return { kind: "user", userId: owner.userId };
    if (owner?.merchantId) return { kind: "merchant", merchantId: owner.merchantId };
  }
  throw new AppError("ACCOUNT_NOT_FOUND", text ? "No account here has that reference." : "No account here is named (the reference is empty).", {
    details: { reference: text.slice(0, 100) },
  });
}

export type LocalCredit = {
  creditedTo: "user" | "merchant" | "payment_request" | "suspense";
  ledgerTxId: string;
  requestStatus: string | null;
  callbackEnqueued: boolean;
};

/** Credits `recipient` from `sourceAccountId` in one balanced posting inside the caller's transaction. */
export async function creditLocalRecipient(
  tx: Tx,
  options: {
    recipient: LocalRecipient;
    sourceAccountId: string;
    amountMinor: bigint;
    currency: string;
    /** The transfer's id: the proof's txid (listed in a request's `related`). */
    txid: string;
    /** The gateway the money comes from (the issuer, or the partner). */
    payerOcid: number;
    kind: string;
    description: string;
    now: Date;
  },
): Promise<LocalCredit> {
  const { recipient, amountMinor, currency } = options;
  if (recipient.kind === "payment_request") {
    const outcome = await receiveNetworkPayment(tx, { ...options, request: recipient.request });
    return {
      creditedTo: outcome.creditedTo,
      ledgerTxId: outcome.ledgerTxId,
      requestStatus: outcome.transition?.status ?? null,
      callbackEnqueued: outcome.transition?.callbackEnqueued ?? false,
    };
  }
  const account =
    recipient.kind === "user"
      ? await getOrCreateAccount(tx, { type: "user", owner: userOwner(recipient.userId), currency, userId: recipient.userId })
      : await getOrCreateAccount(tx, { type: "merchant", owner: merchantOwner(recipient.merchantId), currency });
  const posting = await postTransaction(tx, {
    kind: options.kind,
    description: options.description,
    idempotencyKey: `${options.kind}:${options.payerOcid}:${options.txid}`,
    legs: [
      { accountId: options.sourceAccountId, amount: -amountMinor },
      { accountId: account.id, amount: amountMinor },
    ],
  });
  return { creditedTo: recipient.kind, ledgerTxId: posting.id, requestStatus: null, callbackEnqueued: false };
}
