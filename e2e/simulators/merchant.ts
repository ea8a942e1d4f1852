import { startCounterpartyServer, type SimulatedCounterparty } from "./counterparty-server";
import type { CanonicalMode } from "./protocol";

/** A merchant: builds and signs orders, accepts proofs addressed to itself from `acceptedIssuers`. */
export function startSimulatedMerchant(options: {
  ocid: number;
  acceptedIssuers: number[];
  /** Our /opencharge/metadata.json, to verify our proofs and request headers. */
  gatewayMetadataUrl: string;
  canonicalMode?: CanonicalMode;
  gatewayOcid?: number;
  name?: string;
}): Promise<SimulatedCounterparty> {
  return startCounterpartyServer({
    name: `Simulated Merchant ${options.ocid}`,
    capabilities: ["transfer.webhook"],
    ...options,
  });
}
