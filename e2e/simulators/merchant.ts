import { startCounterpartyServer, type SimulatedCounterparty, type SimulatorOptions } from "./counterparty-server";

/** A merchant: builds and signs orders, accepts proofs addressed to itself from `acceptedIssuers`. */
export function startSimulatedMerchant(options: SimulatorOptions): Promise<SimulatedCounterparty> {
  return startCounterpartyServer({ name: `Simulated Merchant ${options.ocid}`, ...options });
}
