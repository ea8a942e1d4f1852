/**
 * Opencharge signatures (protocol reference §3): secp256k1 ECDSA over a single SHA-256 of the UTF-8
 * message, no prefix.
 *
 * Encodings
 *  - public key: 128 hex = X‖Y of the uncompressed point *without* the 04 prefix.
 *  - signature:  130 hex = r(64) ‖ s(64) ‖ v(2), v = 1b/1c = 27 + recovery id.
 *
 * We emit exactly that (RFC 6979 deterministic, low-S, lowercase). Low-S because the reference
 * verifier (npm `secp256k1.ecdsaVerify`) rejects high-S signatures.
 *
 * We accept more, because official examples also emit DER (noble v1), 128-hex compact without v
 * (registry web app) and compressed 66-hex public keys; see `parseSignature` / `normalizePublicKey`.
 * High-S is tolerated on verify (OpenSSL-signed and other non-normalising signers produce it).
 *
 * Signing and verification run on the hot path (every protocol request is verified, every response and
 * proof signed), so they use libsecp256k1 compiled to WebAssembly (tiny-secp256k1, no native build):
 * on the 2-core development machine a signature costs ~130 µs (noble 850 µs, OpenSSL's k·G 490 µs) and
 * a verification ~195 µs (OpenSSL 290 µs, noble 1,270 µs). noble is the reference the tests compare
 * against, and the fallback should the WebAssembly module ever refuse an input.
 */
import { createHash } from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import * as libsecp256k1 from "tiny-secp256k1";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";

type Bytes = Uint8Array;

const toBytes = (data: string | Bytes): Bytes => (typeof data === "string" ? Buffer.from(data, "utf8") : data);
const digest = (data: string | Bytes): Bytes => createHash("sha256").update(toBytes(data)).digest();

/** Lowercase hex SHA-256 (strings are hashed as UTF-8). */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(toBytes(data)).digest("hex");
}

// ---------------------------------------------------------------------------------------------
// Keys

function privateKeyBytes(privHex: string): Bytes {
  if (typeof privHex !== "string" || !/^(?:0x)?[0-9a-fA-F]{64}$/.test(privHex)) {
    throw new Error("Invalid secp256k1 private key: expected 64 hex characters");
  }
  const bytes = hexToBytes(privHex.replace(/^0x/, "").toLowerCase());
  if (!secp256k1.utils.isValidSecretKey(bytes)) {
    throw new Error("Invalid secp256k1 private key: must be in the range 1..n-1");
  }
  return bytes;
}

/** 128-hex public key (X‖Y, no 04 prefix) of a 64-hex private key. Throws on an invalid key. */
export function publicKeyFromPrivate(privHex: string): string {
  return bytesToHex(secp256k1.getPublicKey(privateKeyBytes(privHex), false)).slice(2);
}

export function generateKeyPair(): { privateKey: string; publicKey: string } {
  const privateKey = bytesToHex(secp256k1.utils.randomSecretKey());
  return { privateKey, publicKey: publicKeyFromPrivate(privateKey) };
}

// Accepted public key texts (optional 0x, any case): 128 hex X‖Y, 130 hex 04‖X‖Y, 66 hex 02/03‖X.
const PUBKEY_RE = /^(?:[0-9a-f]{128}|04[0-9a-f]{128}|0[23][0-9a-f]{64})$/;

/** Decodes and validates (on-curve) a public key; returns the 65-byte uncompressed SEC1 form or null. */
function parsePublicKey(s: string): Bytes | null {
  if (typeof s !== "string") return null;
  const hex = s.replace(/^0x/i, "").toLowerCase();
  if (!PUBKEY_RE.test(hex)) return null;
  try {
    return secp256k1.Point.fromHex(hex.length === 128 ? `04${hex}` : hex).toBytes(false);
  } catch {
    return null; // not on the curve / x not a valid coordinate
  }
}

export function isValidPublicKeyHex(s: string): boolean {
  return parsePublicKey(s) !== null;
}

/** Any accepted public key text → canonical 128 hex (X‖Y). Throws Error on invalid input. */
export function normalizePublicKey(s: string): string {
  const point = parsePublicKey(s);
  if (!point) throw new Error("Invalid secp256k1 public key: expected 128 hex, 04+128 hex or 02/03+64 hex on the curve");
  return bytesToHex(point).slice(2);
}

// ---------------------------------------------------------------------------------------------
// Signing

/**
 * SHA-256(message) signed with RFC 6979 k, low-S → 130-hex lowercase r‖s‖v (v = 1b/1c). libsecp256k1's
 * default nonce is RFC 6979 and it always normalises to low-S, so the result is byte for byte noble's
 * deterministic signature (`signMessageNoble`; tested on random keys and the protocol test vectors).
 */
export function signMessage(message: string | Uint8Array, privHex: string): string {
  const { signature, recoveryId } = libsecp256k1.signRecoverable(digest(message), privateKeyBytes(privHex));
  return bytesToHex(signature) + (27 + recoveryId).toString(16);
}

/**
 * How a signature is written (per-counterparty profile, lib/opencharge/signing-profile.ts):
 *  - "rsv":     130 hex r‖s‖v, the spec (§3) — what signMessage returns;
 *  - "compact": 128 hex r‖s (noble v3 / the registry web app verify this form only);
 *  - "der":     DER hex (noble v1 `signSync` output, what the Merchant API example code signs and verifies).
 */
export const SIGNATURE_ENCODINGS = ["rsv", "compact", "der"] as const;
export type SignatureEncoding = (typeof SIGNATURE_ENCODINGS)[number];

/** Re-encodes one of our 130-hex r‖s‖v signatures. The same r and s: it verifies wherever the original does. */
export function encodeSignature(rsvHex: string, encoding: SignatureEncoding): string {
  if (!/^[0-9a-f]{130}$/.test(rsvHex)) throw new TypeError("encodeSignature: expected a 130-hex r‖s‖v signature");
  if (encoding === "rsv") return rsvHex;
  const compact = rsvHex.slice(0, 128);
  if (encoding === "compact") return compact;
  if (encoding === "der") return secp256k1.Signature.fromBytes(hexToBytes(compact), "compact").toHex("der");
  throw new TypeError(`encodeSignature: unknown encoding ${String(encoding)}`);
}

/** noble's deterministic signer: the reference `signMessage` is tested against. */
export function signMessageNoble(message: string | Uint8Array, privHex: string): string {
  // noble v2: sign() pre-hashes with SHA-256 by default; we hand it the digest, so prehash: false.
  // format 'recovered' yields [recid, r(32), s(32)]; low-S is noble's default for secp256k1.
  const rec = secp256k1.sign(digest(message), privateKeyBytes(privHex), {
    prehash: false,
    lowS: true,
    format: "recovered",
  });
  const recid = rec[0] ?? 0;
  return bytesToHex(rec.subarray(1)) + (27 + recid).toString(16);
}

// ---------------------------------------------------------------------------------------------
// Verification

const HEX_RE = /^(?:[0-9a-f]{2})+$/;
const V_BYTES = new Set(["1b", "1c", "00", "01"]);

/**
 * Lenient signature parsing (reference §3 "Accept"): optional 0x, any case; 130 hex → r‖s with a
 * v byte in {1b,1c,00,01}; 128 hex → compact r‖s; anything else is tried as DER.
 * Returns the 64-byte r‖s, or null. Range checks on r and s are left to the verifiers.
 */
function parseSignature(signatureHex: string): Bytes | null {
  if (typeof signatureHex !== "string") return null;
  const hex = signatureHex.replace(/^0x/i, "").toLowerCase();
  if (!HEX_RE.test(hex)) return null;
  if (hex.length === 130) return V_BYTES.has(hex.slice(128)) ? hexToBytes(hex.slice(0, 128)) : null;
  if (hex.length === 128) return hexToBytes(hex);
  if (hex.length > 144) return null; // longer than any DER secp256k1 signature
  try {
    // Strict DER parse shared by both verifiers, so they accept exactly the same encodings.
    return secp256k1.Signature.fromBytes(hexToBytes(hex), "der").toBytes("compact");
  } catch {
    return null;
  }
}

/** Pure-noble verification; same semantics as `verifyMessage`. Never throws. */
export function verifyMessageNoble(message: string | Uint8Array, signatureHex: string, publicKeyHex: string): boolean {
  try {
    const rs = parseSignature(signatureHex);
    const pub = rs && parsePublicKey(publicKeyHex);
    if (!rs || !pub) return false;
    // prehash: false because we pass the digest; lowS: false to tolerate high-S.
    return secp256k1.verify(rs, digest(message), pub, { prehash: false, lowS: false, format: "compact" });
  } catch {
    return false;
  }
}

// Decoded public keys (65-byte SEC1) per key text. Bounded FIFO: counterparties are few, but the key
// text comes from the network, so never let it grow without limit.
const KEY_CACHE_MAX = 1000;
const keyCache = new Map<string, Bytes | null>();

function publicKeyPoint(publicKeyHex: string): Bytes | null {
  if (keyCache.has(publicKeyHex)) return keyCache.get(publicKeyHex)!;
  const point = parsePublicKey(publicKeyHex); // validates on-curve, decompresses 02/03 keys
  if (keyCache.size >= KEY_CACHE_MAX) {
    const oldest = keyCache.keys().next().value;
    if (oldest !== undefined) keyCache.delete(oldest);
  }
  keyCache.set(publicKeyHex, point);
  return point;
}

/**
 * Verify an Opencharge signature of SHA-256(message). Lenient about encodings (see parseSignature,
 * normalizePublicKey) and tolerates high-S, because several official signers differ from the spec.
 * Returns false, never throws, for malformed input.
 */
export function verifyMessage(message: string | Uint8Array, signatureHex: string, publicKeyHex: string): boolean {
  const rs = parseSignature(signatureHex);
  if (!rs) return false;
  const point = publicKeyPoint(publicKeyHex);
  if (!point) return false;
  try {
    // strict = false: high-S is normalised rather than refused.
    return libsecp256k1.verify(digest(message), point, rs, false);
  } catch {
    // r or s of 0 or ≥ n: libsecp256k1 refuses the input itself; noble gives the same answer (false).
    return verifyMessageNoble(message, signatureHex, publicKeyHex);
  }
}
