/** This gateway's Opencharge identity: its OCID, key pair and protocol endpoint, from the environment. */
import { getEnv, requireSecret } from "@/lib/env";
import { publicKeyFromPrivate } from "@/lib/opencharge/crypto";

/** Shown to counterparties in our metadata and capabilities (there is no environment variable for it yet). */
export const GATEWAY_NAME = "Opencharge Wallet";

/** Where the protocol routes live inside this app (app/opencharge/…). */
export const OPENCHARGE_BASE_PATH = "/opencharge";

export type GatewayIdentity = {
  ocid: number;
  name: string;
  /** 128 hex (X‖Y). */
  publicKey: string;
  /** 64 hex. Never log it. */
  privateKey: string;
  /** APP_URL + "/opencharge": the `config.endpoint` of our metadata. */
  endpoint: string;
};

// Deriving the public key is a scalar multiplication: do it once per private key (tests may change the key).
let derived: { privateKey: string; publicKey: string } | undefined;

export function getGatewayIdentity(): GatewayIdentity {
  const env = getEnv();
  const privateKey = requireSecret("OPENCHARGE_PRIVATE_KEY");
  if (derived?.privateKey !== privateKey) {
    derived = { privateKey, publicKey: publicKeyFromPrivate(privateKey) };
  }
  return {
    ocid: env.OPENCHARGE_OCID,
    name: GATEWAY_NAME,
    publicKey: derived.publicKey,
    privateKey: derived.privateKey,
    endpoint: `${env.APP_URL}${OPENCHARGE_BASE_PATH}`,
  };
}
