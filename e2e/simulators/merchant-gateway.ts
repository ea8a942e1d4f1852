import { startCounterpartyServer, type SimulatedCounterparty, type SimulatorOptions } from "./counterparty-server";

/**
 * A merchant gateway: receives proofs like a merchant, addressed either to itself (to.reference = its
 * own session/order reference) or to the merchant of an order it tracks (to = {merchant, order id}),
 * the two readings of §7.3. Its signedFetch calls our endpoints (e.g. /checkout/create).
 */
export function startSimulatedMerchantGateway(options: SimulatorOptions): Promise<SimulatedCounterparty> {
  return startCounterpartyServer({ name: `Simulated Merchant Gateway ${options.ocid}`, acceptProofsForTrackedMerchants: true, ...options });
}
