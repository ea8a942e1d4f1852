/**
 * The simulators' own, deliberately independent implementation of the Opencharge pieces a merchant
 * needs (request headers, metadata documents). It imports only the app's crypto and canonical JSON
 * primitives, so a bug in the app's protocol layer cannot hide itself by being shared with its judge.
 * Plain reading of the protocol: full path + query, hash of the exact body bytes, nested metadata.
 */
import { randomBytes } from "node:crypto";
import { CANONICAL_MODES, canonicalJson, type CanonicalMode } from "../../lib/opencharge/canonical-json";
import { sha256Hex, signMessage, verifyMessage } from "../../lib/opencharge/crypto";

export type { CanonicalMode };

/** How a signature text is written: 130 hex r‖s‖v (the spec), 128 hex r‖s, or anything else (DER). */
export type SignatureForm = "rsv" | "compact" | "der";

export function signatureForm(signature: string): SignatureForm {
  const hex = signature.replace(/^0x/i, "");
  return hex.length === 130 ? "rsv" : hex.length === 128 ? "compact" : "der";
}

export function canonicalRequestText(p: {
  ocid: string;
  timestamp: string;
  nonce: string;
  method: string;
  path: string;
  body: string;
}): string {
  return `${p.ocid}\n${p.timestamp}\n${p.nonce}\n${p.method.toUpperCase()}\n${p.path}\n${sha256Hex(p.body)}`;
}

export function signedHeaders(p: {
  ocid: number;
  privateKey: string;
  method: string;
  url: string;
  body: string;
  timestamp?: number;
  nonce?: string;
}): Record<string, string> {
  const url = new URL(p.url);
  const timestamp = String(p.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = p.nonce ?? `req_${randomBytes(16).toString("hex")}`;
  const text = canonicalRequestText({
    ocid: String(p.ocid),
    timestamp,
    nonce,
    method: p.method,
    path: url.pathname + url.search,
    body: p.body,
  });
  return {
    "X-OC-ID": String(p.ocid),
    "X-OC-Timestamp": timestamp,
    "X-OC-Nonce": nonce,
    "X-OC-Signature": signMessage(text, p.privateKey),
  };
}

/** The canonical mode `signature` verifies over, or null (both official forms are tried, or only `modes`). */
export function verifyObject(
  value: unknown,
  signature: string,
  publicKey: string,
  modes: readonly CanonicalMode[] = CANONICAL_MODES,
): CanonicalMode | null {
  for (const mode of modes) {
    try {
      if (verifyMessage(canonicalJson(value, mode), signature, publicKey)) return mode;
    } catch {
      return null;
    }
  }
  return null;
}

export function signObjectWith(value: unknown, privateKey: string, mode: CanonicalMode): string {
  return signMessage(canonicalJson(value, mode), privateKey);
}

/**
 * Fetches a metadata document and returns its public key after checking the config signature
 * (nested shape; flat as a fallback, signed over the document without `signature`).
 */
export async function fetchVerifiedPublicKey(metadataUrl: string): Promise<string> {
  const response = await fetch(metadataUrl, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
  if (response.status !== 200) throw new Error(`metadata answered HTTP ${response.status}`);
  const document = (await response.json()) as Record<string, unknown>;
  const config = document.config as Record<string, unknown> | undefined;
  const signature = document.signature;
  const publicKey = (config?.publicKey ?? document.publicKey) as unknown;
  if (typeof publicKey !== "string" || typeof signature !== "string") throw new Error("metadata lacks publicKey or signature");
  const { signature: _signature, ...unsigned } = document;
  if (!verifyObject(config ?? unsigned, signature, publicKey)) throw new Error("metadata config signature does not verify");
  return publicKey;
}
