export { startSimulatedMerchant } from "./merchant";
export { startSimulatedMerchantGateway } from "./merchant-gateway";
export { startPartnerGateway, type SimulatedPartnerGateway } from "./partner-gateway";
export { startSettlementProvider, type SimulatedSettlementProvider } from "./settlement-provider";
export { writeRegistryFile, type RegistryEntry } from "./registry-file";
export type {
  MetadataBehaviour,
  ReceivedProof,
  SignatureAcceptance,
  SimulatedCounterparty,
  SimulatedOrder,
  WebhookBehaviour,
} from "./counterparty-server";
export { canonicalRequestText, signatureForm, signedHeaders, verifyObject, type CanonicalMode, type SignatureForm } from "./protocol";
