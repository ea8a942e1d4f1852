/**
 * The one verification of a merchant order that lands on a pay session, whichever way it came: posted by
 * the merchant's till to POST /opencharge/orders/create/{sessionId} (the user showed a QR code), or fetched
 * by us from the order URL of the merchant's QR code (protocol flow 3, open-order-url-session.ts). Both
 * run verifyMerchantOrder (signature with the key the resolver found, order.ocid, expiry, `accepts`,
 * amount) and refuse an order already paid, then store the same PaymentOrder row.
 *
 * Synchronous on purpose: the QR intake calls it inside its hot-path transaction (lib/db/hot-paths.ts).
 */
import { randomBytes } from "node:crypto";
import type { NewSessionOrder } from "@/lib/db/hot-paths";
import { AppError } from "@/lib/errors";
import type { Counterparty } from "@/lib/opencharge/resolver";
import type { Order } from "@/lib/orders/order-schema";
import { verifyMerchantOrder } from "@/lib/orders/receive-order";
import type { PathSearch } from "@/lib/settlement/settlement-paths";

export function verifySessionOrder(options: {
  /** The order exactly as parsed from the merchant's JSON (the signature covers unknown members too). */
  rawOrder: unknown;
  order: Order;
  signature: string;
  merchant: Counterparty;
  urls: Record<string, unknown>;
  /** Whether this merchant order (merchant OCID + order id) has been paid already, through any session. */
  isOrderPaid: boolean;
  /** The order's settlement path, found before (findSettlementPath is asynchronous); absent: direct only. */
  settlement?: PathSearch;
  now: Date;
}): NewSessionOrder {
  const verified = verifyMerchantOrder({
    rawOrder: options.rawOrder,
    order: options.order,
    signature: options.signature,
    merchant: options.merchant,
    settlement: options.settlement,
    now: options.now,
  });
  if (options.isOrderPaid) throw new AppError("ORDER_ALREADY_PAID", `Order ${verified.merchantOrderId} has already been paid.`);
  return {
    id: randomBytes(12).toString("hex"),
    merchantOcid: verified.merchantOcid,
    merchantName: verified.merchantName,
    merchantIcon: verified.merchantIcon,
    merchantOrderId: verified.merchantOrderId,
    orderJson: verified.orderJson,
    signature: verified.signature,
    amount: verified.amount,
    currency: verified.currency,
    amountMinor: verified.amountMinor,
    memo: verified.memo,
    expiresAt: verified.expiresAt,
    urlsJson: JSON.stringify(options.urls),
    // No gateway in between: the merchant itself is paid and gets our proof (payOrder).
    senderOcid: verified.merchantOcid,
  };
}
