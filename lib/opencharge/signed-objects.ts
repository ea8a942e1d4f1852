/** Signatures over canonical JSON objects: orders, proofs, metadata config (protocol reference §5). */
import { CANONICAL_MODES, canonicalJson, type CanonicalMode } from "@/lib/opencharge/canonical-json";
import { signMessage, verifyMessage } from "@/lib/opencharge/crypto";
import { getGatewayIdentity } from "@/lib/opencharge/identity";

/** Our signature over canonical(value). "recursive" unless the counterparty verifies the "replacer" form. */
export function signObject(value: object, mode: CanonicalMode = "recursive"): string {
  return signMessage(canonicalJson(value, mode), getGatewayIdentity().privateKey);
}

/**
 * Which canonical form `signature` verifies over, or null. The official material signs with two
 * incompatible forms, so a verifier tries both (recursive first). Never throws.
 */
export function verifySignedObject(value: unknown, signature: string, publicKey: string): CanonicalMode | null {
  if (typeof signature !== "string" || typeof publicKey !== "string") return null;
  for (const mode of CANONICAL_MODES) {
    let text: string;
    try {
      text = canonicalJson(value, mode);
    } catch {
      return null; // not a JSON value; no mode can serialise it
    }
    if (verifyMessage(text, signature, publicKey)) return mode;
  }
  return null;
}
