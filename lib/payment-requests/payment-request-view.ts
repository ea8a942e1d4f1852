/**
 * The PaymentRequest object of ../shared/product.md ("Payment requests") as merchants see it, and the
 * payer's narrower view. Amounts are decimal strings in the request's currency, times ISO 8601 UTC.
 */
import type { Prisma } from "@/generated/prisma/client";
import { getEnv } from "@/lib/env";
import { formatAmount } from "@/lib/money";

/** What a view needs read with the request. */
export const VIEW_INCLUDE = {
  merchant: { select: { id: true, name: true, handle: true } },
  payer: { select: { handle: true } },
  events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
  movements: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
} as const satisfies Prisma.PaymentRequestInclude;

export type PaymentRequestWithView = Prisma.PaymentRequestGetPayload<{ include: typeof VIEW_INCLUDE }>;

export type LineItem = { name: string; qty: number; price: string };
export type Money = { amount: string; currency: string };
export type MerchantRef = { id: string; name: string; handle: string };

export type PaymentRequestJson = {
  id: string;
  shortCode: string;
  url: string;
  merchant: MerchantRef;
  value: Money | null;
  amountPaid: string;
  amountDue: string | null;
  amountRefunded: string;
  status: string;
  statusReason?: string;
  expiresAt: string;
  expirySeconds: number;
  notBefore?: string;
  createdAt: string;
  updatedAt: string;
  description?: string;
  externalRef?: string;
  lineItems?: LineItem[];
  partialAllowed: boolean;
  payer?: string;
  capture: string;
  callbackUrl?: string;
  log: Array<{ status: string; createdAt: string; reason?: string }>;
  related: Array<{ type: string; value: string; amount: string; createdAt: string }>;
};

/** The viewer's own money on a request: what they paid, have reserved and got back, and each movement. */
export type YoursJson = {
  paid: string;
  reserved: string;
  refunded: string;
  movements: Array<{ type: string; txid: string; amount: string; state: string; createdAt: string }>;
};

export type PayerViewJson = Pick<
  PaymentRequestJson,
  "id" | "shortCode" | "merchant" | "value" | "amountDue" | "status" | "expiresAt" | "notBefore" | "description" | "lineItems" | "partialAllowed" | "payer"
> & { statusReason?: string; yours?: YoursJson };

/** The QR code's content: any phone camera opens the pay page. */
export const paymentRequestUrl = (id: string) => `${getEnv().APP_URL}/pay/${id}`;

/** Minor units as a decimal string; before an amount-less request has a currency, only zero can occur. */
function money(minor: bigint, currency: string | null): string {
  return currency ? formatAmount(minor, currency) : minor.toString();
}

/**
 * What is still to be paid: the amount less what was paid and what is reserved (capture "manual"), never
 * below zero; null when the request has no amount (the payer chooses it).
 */
export function amountDueMinor(request: Pick<PaymentRequestWithView, "amountMinor" | "amountPaidMinor" | "amountHeldMinor">): bigint | null {
  if (request.amountMinor === null) return null;
  const due = request.amountMinor - request.amountPaidMinor - request.amountHeldMinor;
  return due > 0n ? due : 0n;
}

function valueOf(request: PaymentRequestWithView): Money | null {
  return request.amount !== null && request.currency !== null ? { amount: request.amount, currency: request.currency } : null;
}

function lineItemsOf(request: PaymentRequestWithView): LineItem[] | undefined {
  return request.lineItemsJson ? (JSON.parse(request.lineItemsJson) as LineItem[]) : undefined;
}

export function toPaymentRequestJson(request: PaymentRequestWithView): PaymentRequestJson {
  const due = amountDueMinor(request);
  const lineItems = lineItemsOf(request);
  return {
    id: request.id,
    shortCode: request.shortCode,
    url: paymentRequestUrl(request.id),
    merchant: { id: request.merchant.id, name: request.merchant.name, handle: request.merchant.handle },
    value: valueOf(request),
    amountPaid: money(request.amountPaidMinor, request.currency),
    amountDue: due === null ? null : money(due, request.currency),
    amountRefunded: money(request.amountRefundedMinor, request.currency),
    status: request.status,
    ...(request.statusReason ? { statusReason: request.statusReason } : {}),
    expiresAt: request.expiresAt.toISOString(),
    expirySeconds: request.expirySeconds,
    ...(request.notBefore ? { notBefore: request.notBefore.toISOString() } : {}),
    createdAt: request.createdAt.toISOString(),
    updatedAt: request.updatedAt.toISOString(),
    ...(request.description !== null ? { description: request.description } : {}),
    ...(request.externalRef !== null ? { externalRef: request.externalRef } : {}),
    ...(lineItems ? { lineItems } : {}),
    partialAllowed: request.partialAllowed,
    ...(request.payer?.handle ? { payer: request.payer.handle } : {}),
    capture: request.capture,
    ...(request.callbackUrl ? { callbackUrl: request.callbackUrl } : {}),
    log: request.events.map((event) => ({
      status: event.status,
      createdAt: event.createdAt.toISOString(),
      ...(event.reason ? { reason: event.reason } : {}),
    })),
    related: request.movements.map((movement) => ({
      type: movement.type,
      value: movement.txid,
      amount: money(movement.amountMinor, request.currency),
      createdAt: movement.createdAt.toISOString(),
    })),
  };
}

/**
 * What a payer sees: no merchant reference, callback, log or money movements of other payers. With the
 * viewer's user id, `yours` lists their own movements on it (when they have any): their receipt, with
 * what was reserved and refunded.
 */
export function toPayerView(request: PaymentRequestWithView, viewerUserId: string | null = null): PayerViewJson {
  const full = toPaymentRequestJson(request);
  const yours = viewerUserId ? yoursOf(request, viewerUserId) : null;
  return {
    id: full.id,
    shortCode: full.shortCode,
    merchant: full.merchant,
    value: full.value,
    amountDue: full.amountDue,
    status: full.status,
    // Why it was cancelled, declined, released or expired is the payer's business too; a merchant's note on a refund is not shown.
    ...(full.statusReason && PAYER_REASON_STATUSES.includes(full.status) ? { statusReason: full.statusReason } : {}),
    expiresAt: full.expiresAt,
    ...(full.notBefore ? { notBefore: full.notBefore } : {}),
    ...(full.description !== undefined ? { description: full.description } : {}),
    ...(full.lineItems ? { lineItems: full.lineItems } : {}),
    partialAllowed: full.partialAllowed,
    ...(full.payer ? { payer: full.payer } : {}),
    ...(yours ? { yours } : {}),
  };
}

const PAYER_REASON_STATUSES = ["CANCELLED", "EXPIRED", "FAILED"];

function yoursOf(request: PaymentRequestWithView, userId: string): YoursJson | null {
  const mine = request.movements.filter((movement) => movement.payerUserId === userId);
  if (mine.length === 0) return null;
  const sum = (keep: (m: (typeof mine)[number]) => boolean) => mine.filter(keep).reduce((total, m) => total + m.amountMinor, 0n);
  return {
    paid: money(sum((m) => m.type === "payment" && (m.state === "settled" || m.state === "captured")), request.currency),
    reserved: money(sum((m) => m.type === "payment" && m.state === "held"), request.currency),
    refunded: money(sum((m) => m.type === "refund"), request.currency),
    movements: mine.map((m) => ({
      type: m.type,
      txid: m.txid,
      amount: money(m.amountMinor, request.currency),
      state: m.state,
      createdAt: m.createdAt.toISOString(),
    })),
  };
}
