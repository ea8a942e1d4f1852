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
 * Verification fast path: Node's OpenSSL (`crypto.verify`, ~4x faster than noble) with cached
 * KeyObjects; `verifyMessageNoble` is the pure-JS equivalent and fallback.
 */
import { createECDH, createHash, createHmac, createPublicKey, verify as nodeVerify, type KeyObject } from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
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
 * SHA-256(message) signed with RFC 6979 k, low-S → 130-hex lowercase r‖s‖v (v = 1b/1c).
 *
 * Signing is on the hot path (every proof and every protocol response is signed), so the one costly
 * step, the scalar multiplication k·G, runs in OpenSSL (through ECDH, which computes exactly k·G);
 * k itself is RFC 6979's HMAC-DRBG and the rest is a few BigInt operations. The result is byte for
 * byte what noble's deterministic signer produces (`signMessageNoble`; tested on random keys and the
 * protocol test vectors), at about half the cost.
 */
export function signMessage(message: string | Uint8Array, privHex: string): string {
  const key = privateKeyBytes(privHex);
  const hash = digest(message);
  const d = bytesToBigInt(key);
  const z = bytesToBigInt(hash) % CURVE_N;
  for (const k of rfc6979Nonces(key, hash)) {
    const ecdh = createECDH("secp256k1");
    ecdh.setPrivateKey(bigIntTo32Bytes(k));
    const point = ecdh.getPublicKey(); // 04 ‖ x ‖ y of k·G
    const x = bytesToBigInt(point.subarray(1, 33));
    const r = x % CURVE_N;
    if (r === 0n) continue;
    let s = (modInverse(k, CURVE_N) * ((z + r * d) % CURVE_N)) % CURVE_N;
    if (s === 0n) continue;
    let recovery = (point[64]! & 1) | (x >= CURVE_N ? 2 : 0);
    if (s > CURVE_HALF_N) {
      s = CURVE_N - s; // low-S: the reference verifier rejects high-S
      recovery ^= 1;
    }
    return bytesToHex(bigIntTo32Bytes(r)) + bytesToHex(bigIntTo32Bytes(s)) + (27 + recovery).toString(16);
  }
  throw new Error("unreachable: RFC 6979 yields a valid nonce");
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

const CURVE_N = secp256k1.Point.Fn.ORDER;
const CURVE_HALF_N = CURVE_N >> 1n;

const bytesToBigInt = (bytes: Uint8Array): bigint => BigInt(`0x${bytesToHex(bytes) || "0"}`);
const bigIntTo32Bytes = (value: bigint): Buffer => Buffer.from(value.toString(16).padStart(64, "0"), "hex");

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

/** RFC 6979 §3.2 candidate nonces for secp256k1 + SHA-256 (qlen = hlen = 256 bits). */
function* rfc6979Nonces(key: Uint8Array, hash: Uint8Array): Generator<bigint> {
  const hmac = (k: Buffer, ...parts: Uint8Array[]) => {
    const mac = createHmac("sha256", k);
    for (const part of parts) mac.update(part);
    return mac.digest();
  };
  const h1 = bigIntTo32Bytes(bytesToBigInt(hash) % CURVE_N); // bits2octets
  let v = Buffer.alloc(32, 1);
  let k = Buffer.alloc(32, 0);
  k = hmac(k, v, Uint8Array.of(0), key, h1);
  v = hmac(k, v);
  k = hmac(k, v, Uint8Array.of(1), key, h1);
  v = hmac(k, v);
  for (;;) {
    v = hmac(k, v);
    const candidate = bytesToBigInt(v);
    if (candidate >= 1n && candidate < CURVE_N) yield candidate;
    k = hmac(k, v, Uint8Array.of(0));
    v = hmac(k, v);
  }
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

// Node/OpenSSL KeyObjects per public-key text. Bounded FIFO: counterparties are few, but the key
// text comes from the network, so never let it grow without limit.
const KEY_CACHE_MAX = 1000;
const keyCache = new Map<string, KeyObject>();
let nodeSecp256k1 = true; // flipped off if this OpenSSL build lacks secp256k1

function nodeKeyFor(publicKeyHex: string): KeyObject | null {
  const cached = keyCache.get(publicKeyHex);
  if (cached) return cached;
  const point = parsePublicKey(publicKeyHex); // also decompresses 02/03 keys
  if (!point) return null;
  const key = createPublicKey({
    format: "jwk",
    key: {
      kty: "EC",
      crv: "secp256k1",
      x: Buffer.from(point.subarray(1, 33)).toString("base64url"),
      y: Buffer.from(point.subarray(33, 65)).toString("base64url"),
    },
  });
  if (keyCache.size >= KEY_CACHE_MAX) {
    const oldest = keyCache.keys().next().value;
    if (oldest !== undefined) keyCache.delete(oldest);
  }
  keyCache.set(publicKeyHex, key);
  return key;
}

/**
 * Verify an Opencharge signature of SHA-256(message). Lenient about encodings (see parseSignature,
 * normalizePublicKey) and tolerates high-S, because several official signers differ from the spec.
 * Returns false, never throws, for malformed input.
 */
export function verifyMessage(message: string | Uint8Array, signatureHex: string, publicKeyHex: string): boolean {
  if (!nodeSecp256k1) return verifyMessageNoble(message, signatureHex, publicKeyHex);
  const rs = parseSignature(signatureHex);
  if (!rs) return false;
  let key: KeyObject | null;
  try {
    key = nodeKeyFor(publicKeyHex);
  } catch {
    // parsePublicKey accepted the point, so OpenSSL failing here means no secp256k1 support.
    nodeSecp256k1 = false;
    return verifyMessageNoble(message, signatureHex, publicKeyHex);
  }
  if (!key) return false;
  try {
    // OpenSSL hashes the message itself and accepts high-S; r/s of 0 or ≥ n simply fail.
    return nodeVerify("sha256", toBytes(message), { key, dsaEncoding: "ieee-p1363" }, rs);
  } catch {
    return verifyMessageNoble(message, signatureHex, publicKeyHex);
  }
}
