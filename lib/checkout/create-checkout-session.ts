/**
 * POST /opencharge/checkout/create (reference §7.3): a merchant gateway hands us a merchant's signed order
 * and gets back the URL of our hosted checkout page.
 *
 * Idempotent per (gateway, merchant, order id) while a session is open: the same post again answers the
 * same session; the same order id with other content is a 409. The CheckoutSession.openKey unique column
 * makes that hold under concurrency too — of two identical posts racing, one creates and the other reads it.
 */
import { randomBytes } from "node:crypto";
import { inTransaction } from "@/lib/db/transaction";
import { getEnv } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { canonicalJson } from "@/lib/opencharge/canonical-json";
import { resolveCounterparty, type Counterparty } from "@/lib/opencharge/resolver";
import type { Order } from "@/lib/orders/order-schema";
import { verifyMerchantOrder } from "@/lib/orders/receive-order";
import { effectiveCheckoutStatus } from "@/lib/checkout/checkout-status";
import { parseRedirectUrl } from "@/lib/checkout/parse-redirect-url";
import { checkoutUrl, type CheckoutUrlsInput } from "@/lib/checkout/request-schemas";
import { paidKeyOf } from "@/lib/orders/payment-posting-key";
import { findSettlementPath } from "@/lib/settlement/settlement-paths";

export type CheckoutCreated = { checkout_url: string; session_id: string; expires_at: number };

/** 160 random bits: the id is the only key to the page, which shows the order to whoever holds it. */
export function newCheckoutId(): string {
  return `cs_${randomBytes(20).toString("hex")}`;
}

const MAX_ATTEMPTS = 3;

export async function createCheckoutSession(options: {
  gatewayOcid: number;
  merchantOcid: number;
  rawOrder: unknown;
  order: Order;
  signature: string;
  urls: CheckoutUrlsInput;
  now?: Date;
}): Promise<CheckoutCreated> {
  const now = options.now ?? new Date();
  const env = getEnv();
  if (options.order.ocid !== options.merchantOcid) {
    throw new AppError("INVALID_ORDER", `order.ocid ${options.order.ocid} is not merchantOcid ${options.merchantOcid}.`, {
      details: { orderOcid: options.order.ocid, merchantOcid: options.merchantOcid },
    });
  }
  const merchant = await resolveMerchant(options.merchantOcid);
  const directPayees = [options.gatewayOcid];
  const settlement = await findSettlementPath({ accepts: options.order.accepts, currency: options.order.currency, directPayees });
  const verified = verifyMerchantOrder({
    rawOrder: options.rawOrder,
    order: options.order,
    signature: options.signature,
    merchant,
    directPayees,
    settlement,
    now,
  });
  const allowHttp = env.OPENCHARGE_ALLOW_HTTP;
  const successUrl = parseRedirectUrl(options.urls.success ?? options.urls.completed, "urls.success", { allowHttp });
  const cancelUrl = parseRedirectUrl(options.urls.cancel ?? options.urls.cancelled, "urls.cancel", { allowHttp });

  // The session never outlives the order; the order row gets the session's deadline so payOrder refuses late payments.
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const expiresAtSeconds = Math.min(nowSeconds + env.CHECKOUT_SESSION_TTL_SECONDS, options.order.expiresAt ?? Number.MAX_SAFE_INTEGER);
  const expiresAt = new Date(expiresAtSeconds * 1000);
  const openKey = `${options.gatewayOcid}:${verified.merchantOcid}:${verified.merchantOrderId}`;
  const content = canonicalJson(options.rawOrder);

  for (let attempt = 1; ; attempt++) {
    try {
      const session = await inTransaction(undefined, async (tx) => {
        const existing = await tx.checkoutSession.findUnique({ where: { openKey }, include: { order: true } });
        if (existing) {
          if (effectiveCheckoutStatus(existing, now) === "open") {
            const isSameRequest =
              canonicalJson(JSON.parse(existing.order.orderJson)) === content &&
              existing.successUrl === successUrl &&
              existing.cancelUrl === cancelUrl;
            if (isSameRequest) return existing;
            throw new AppError(
              "CONFLICT",
              `Order ${verified.merchantOrderId} already has an open checkout session with different content; wait until it ends or use a new order id.`,
              { details: { session_id: existing.id } },
            );
          }
          // Expired: its key is free for a new session (paid and cancelled sessions released theirs already).
          await tx.checkoutSession.update({ where: { id: existing.id }, data: { openKey: null } });
        }
        const paid = await tx.paymentOrder.findUnique({ where: { paidKey: paidKeyOf(verified.merchantOcid, verified.merchantOrderId) } });
        if (paid) throw new AppError("ORDER_ALREADY_PAID", `Order ${verified.merchantOrderId} has already been paid.`);
        const order = await tx.paymentOrder.create({
          data: {
            ...verified,
            expiresAt,
            source: "checkout",
            senderOcid: options.gatewayOcid,
            urlsJson: JSON.stringify({ success: successUrl, cancel: cancelUrl }),
          },
        });
        return tx.checkoutSession.create({
          data: { id: newCheckoutId(), gatewayOcid: options.gatewayOcid, orderId: order.id, successUrl, cancelUrl, expiresAt, openKey },
        });
      });
      return {
        checkout_url: checkoutUrl(session.id),
        session_id: session.id,
        expires_at: Math.floor(session.expiresAt.getTime() / 1000),
      };
    } catch (error) {
      // Another process created the session between our read and our insert: read it on the next attempt.
      const isOpenKeyRace = (error as { code?: string }).code === "P2002";
      if (!isOpenKeyRace || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/**
 * The merchant named in the body. It is not the caller, so an unknown merchant is a bad request (400),
 * not the 401 UNKNOWN_OCID that would tell the gateway its own credentials failed.
 */
async function resolveMerchant(merchantOcid: number): Promise<Counterparty> {
  try {
    return await resolveCounterparty(merchantOcid);
  } catch (error) {
    if (isAppError(error) && error.code === "UNKNOWN_OCID") {
      throw new AppError("UNKNOWN_OCID", `merchantOcid ${merchantOcid} is not a merchant this gateway knows.`, {
        status: 400,
        details: { merchantOcid },
      });
    }
    throw error;
  }
}
