export { startSimulatedMerchant } from "./merchant";
export { startSimulatedMerchantGateway } from "./merchant-gateway";
export { writeRegistryFile, type RegistryEntry } from "./registry-file";
export type {
  MetadataBehaviour,
  ReceivedProof,
  SimulatedCounterparty,
  SimulatedOrder,
  WebhookBehaviour,
} from "./counterparty-server";
export { canonicalRequestText, signedHeaders, verifyObject, type CanonicalMode } from "./protocol";
