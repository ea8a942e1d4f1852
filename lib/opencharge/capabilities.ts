/** What this gateway offers counterparties: the capability strings of our metadata and GET /capabilities. */
import { supportedCurrencies } from "@/lib/money";
import { getGatewayIdentity } from "@/lib/opencharge/identity";

/**
 * Capability strings (Payment Gateway API: "checkout.create", "orders.create.session", "transfer.create",
 * "transfer.webhook") of the endpoints that actually work. Counterparties route payments by this list,
 * so it must never promise an endpoint that does not exist: each issue adds its string in the same change
 * that lands its endpoint. /metadata.json and /capabilities have no capability string of their own.
 */
export const IMPLEMENTED_CAPABILITIES: string[] = ["checkout.create", "orders.create.session"];

/** `settlement` of our metadata: the currencies we hold and the issuers whose proofs we accept (only ourselves). */
export function ourSettlement(): { currencies: string[]; accepts: number[] } {
  return { currencies: supportedCurrencies(), accepts: [getGatewayIdentity().ocid] };
}
