/** What this gateway offers counterparties: the capability strings of our metadata and GET /capabilities. */
import { getEnv } from "@/lib/env";
import { supportedCurrencies } from "@/lib/money";
import { getGatewayIdentity } from "@/lib/opencharge/identity";

/**
 * Capability strings (Payment Gateway API: "checkout.create", "orders.create.session", "transfer.create",
 * "transfer.webhook") of the endpoints that actually work. Counterparties route payments by this list,
 * so it must never promise an endpoint that does not exist: each issue adds its string in the same change
 * that lands its endpoint. /metadata.json and /capabilities have no capability string of their own.
 */
export const IMPLEMENTED_CAPABILITIES: string[] = ["checkout.create", "orders.create.session", "transfer.create", "transfer.webhook", "payment.create", "payment.settle", "verify.txid"];

/**
 * `settlement` of our metadata: the currencies we hold and the issuers whose proofs we accept — ourselves
 * (our merchants take our own proofs) and OPENCHARGE_SETTLEMENT_ACCEPTS (at /transfer/webhook).
 */
export function ourSettlement(): { currencies: string[]; accepts: number[] } {
  const ours = getGatewayIdentity().ocid;
  return { currencies: supportedCurrencies(), accepts: [ours, ...acceptedIssuers().filter((ocid) => ocid !== ours)] };
}

/** Issuers whose proofs /transfer/webhook credits (never ourselves: our own transfers are already in our ledger). */
export function acceptedIssuers(): number[] {
  const ours = getGatewayIdentity().ocid;
  return getEnv().OPENCHARGE_SETTLEMENT_ACCEPTS.filter((ocid) => ocid !== ours);
}
