/**
 * The checks every incoming merchant order passes, whichever flow brings it (QR session or hosted
 * checkout), in the order of protocol reference §7.4, and the PaymentOrder row they produce.
 */
import { AppError } from "@/lib/errors";
import { parsePositiveAmount } from "@/lib/money";
import { getGatewayIdentity } from "@/lib/opencharge/identity";
import type { Counterparty } from "@/lib/opencharge/resolver";
import { verifySignedObject } from "@/lib/opencharge/signed-objects";
import type { Order } from "@/lib/orders/order-schema";
import type { PathSearch } from "@/lib/settlement/settlement-paths";

/** How long an order without its own expiresAt stays payable after it arrives. */
export const DEFAULT_ORDER_LIFETIME_SECONDS = 15 * 60;

export type VerifiedOrder = {
  merchantOcid: number;
  merchantName: string;
  merchantIcon: string | null;
  merchantOrderId: string;
  orderJson: string;
  signature: string;
  amount: string;
  currency: string;
  amountMinor: bigint;
  memo: string | null;
  expiresAt: Date;
};

/**
 * Verifies a merchant's signed order. `rawOrder` is the order exactly as parsed from the request body
 * (the signature covers it, unknown members included); `order` is its validated view.
 */
export function verifyMerchantOrder(options: {
  rawOrder: unknown;
  order: Order;
  signature: string;
  merchant: Counterparty;
  /** Counterparties besides us whose acceptance by the merchant is a settlement path (the calling gateway). */
  directPayees?: number[];
  /**
   * The order's settlement path, looked up before (findSettlementPath is asynchronous: counterparty
   * settings, partners' metadata), refused here in its place among the checks. Without it only direct
   * settlement counts.
   */
  settlement?: PathSearch;
  now?: Date;
}): VerifiedOrder {
  const { order, merchant } = options;
  const now = options.now ?? new Date();
  if (order.ocid !== merchant.ocid) {
    throw new AppError("INVALID_ORDER", `order.ocid ${order.ocid} is not the merchant's OCID ${merchant.ocid}.`);
  }
  if (!verifySignedObject(options.rawOrder, options.signature, merchant.publicKey)) {
    // A bad order signature in a body is 400, unlike a bad request signature (401) — reference §11.
    throw new AppError("INVALID_SIGNATURE", "The order signature does not verify with the merchant's public key.", { status: 400 });
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (order.expiresAt !== undefined && order.expiresAt <= nowSeconds) {
    throw new AppError("ORDER_EXPIRED", "The order has expired.", { details: { expiresAt: order.expiresAt } });
  }
  assertSettlementPath(order, options.directPayees ?? [], options.settlement);
  const amountMinor = parsePositiveAmount(order.amount, order.currency);
  return {
    merchantOcid: merchant.ocid,
    merchantName: merchant.name,
    merchantIcon: merchant.icon ?? null,
    merchantOrderId: order.id,
    orderJson: JSON.stringify(options.rawOrder),
    signature: options.signature,
    amount: order.amount,
    currency: order.currency,
    amountMinor,
    memo: order.memo ?? null,
    expiresAt: new Date((order.expiresAt ?? nowSeconds + DEFAULT_ORDER_LIFETIME_SECONDS) * 1000),
  };
}

/**
 * Some path must pay the order (lib/settlement/settlement-paths.ts): direct — the merchant accepts proofs
 * issued by us, or by a counterparty we pay directly (for hosted checkout the merchant gateway that called
 * us, which we credit and send our proof to, reference §7.3), or names no `accepts` (handed to us by the
 * merchant's side, taken as accepting our proofs; reference §6) — or a partner reserve or a settlement
 * provider reaching a gateway it accepts (`settlement`, found before the checks).
 */
function assertSettlementPath(order: Order, directPayees: number[], settlement: PathSearch | undefined) {
  const reachable = [getGatewayIdentity().ocid, ...directPayees];
  const isDirect = !order.accepts || order.accepts.some((ocid) => reachable.includes(ocid));
  if (isDirect || settlement?.path) return;
  throw new AppError("SETTLEMENT_NOT_SUPPORTED", `None of the settlement providers the order accepts (${order.accepts?.join(", ")}) is reachable from this gateway (we settle directly through ${reachable.join(", ")}, and through no partner they accept).`, {
    details: { accepts: order.accepts, supported: reachable, reasons: settlement?.reasons ?? {} },
  });
}
