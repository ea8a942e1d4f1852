/**
 * Ledger account types and owner keys.
 * - user:     a wallet user's balance in one currency; never negative.
 * - funding:  the operator's funding account; it goes negative by exactly the money the operator has
 *             issued into the wallet (top-ups), so the whole ledger always sums to zero.
 * - merchant: what we owe a merchant: a merchant or merchant gateway of the network (owner "ocid:<n>")
 *             after direct settlement, or one of our own merchants (owner "merchant:<id>").
 * - hold:     money a payer reserved for a payment request (capture "manual") until the merchant captures
 *             or releases it (owner "request:<id>"); never negative.
 * - nostro:   our money held by another party of the network (owner "ocid:<issuer>"): money that reached
 *             us with a proof that issuer signed (a bank, settlement provider or partner gateway). It goes
 *             negative by what that issuer holds for us, as funding does for top-ups.
 * - reserve:  a partner gateway's reserve with us (owner "ocid:<partner>"): what we owe it; it may go
 *             below zero only down to its credit limit (creditLimit).
 * - suspense: money that arrived and cannot be applied (a payment request in another currency, one that
 *             can no longer take money): held for the operator (owner "request:<id>" or "ocid:<issuer>").
 */
import type { Tx } from "@/lib/db";
import { currencyExponent } from "@/lib/money";

export const ACCOUNT_TYPES = {
  user: { allowNegative: false },
  funding: { allowNegative: true },
  merchant: { allowNegative: false },
  hold: { allowNegative: false },
  nostro: { allowNegative: true },
  reserve: { allowNegative: false },
  suspense: { allowNegative: false },
} as const;

export type AccountType = keyof typeof ACCOUNT_TYPES;

export const OPERATOR_OWNER = "operator";
export const userOwner = (userId: string) => `user:${userId}`;
export const ocidOwner = (ocid: number) => `ocid:${ocid}`;
export const merchantOwner = (merchantId: string) => `merchant:${merchantId}`;
export const holdOwner = (paymentRequestId: string) => `request:${paymentRequestId}`;

/** Finds or creates the account of (type, owner, currency); safe under concurrent callers. */
export async function getOrCreateAccount(
  tx: Tx,
  options: { type: AccountType; owner: string; currency: string; userId?: string },
) {
  currencyExponent(options.currency); // refuses unknown currencies before anything is written
  const key = { type: options.type, owner: options.owner, currency: options.currency };
  return tx.ledgerAccount.upsert({
    where: { type_owner_currency: key },
    update: {},
    create: { ...key, userId: options.userId, allowNegative: ACCOUNT_TYPES[options.type].allowNegative },
  });
}
