/**
 * The signing variants the delivery worker tries, in this fixed order, when a counterparty refuses one
 * of our deliveries with a signature error (isSignatureRefusal). The proof never changes; only its
 * signature (canonical form, encoding) and the request headers (encoding, signed path) do. The first
 * variant answered with a 2xx becomes that counterparty's profile (README "Interoperability").
 *
 * Order: the receiver's current profile first, then the spec's, then fewest deviations from the spec
 * first, and among equally many the deviations the public docs' code shows most. A learning walk happens
 * once per counterparty, so its length hardly matters; what matters is that the profile we keep is as
 * close to the spec as the receiver allows (a recursive signature covers proof.from and proof.to; a
 * "replacer" one does not, see opencharge-protocol.md §5). All twelve combinations are listed, so any
 * receiver that accepts some combination of the three dimensions is found.
 */
import {
  isSameSigningProfile,
  SPEC_SIGNING_PROFILE,
  type SigningProfile,
} from "@/lib/opencharge/signing-profile";

type Variant = SigningProfile & { why: string };

export const SIGNING_VARIANTS: readonly Readonly<Variant>[] = Object.freeze([
  // No deviation.
  { ...SPEC_SIGNING_PROFILE, why: "the spec (implementation guide SDK: recursive canonicalize, ecdsaVerify on the first 128 hex, full path)" },
  // One deviation.
  {
    proofCanonicalMode: "replacer",
    signatureEncoding: "rsv",
    requestPath: "full",
    why: "Merchant API and merchant gateway pages canonicalise with JSON.stringify(obj, Object.keys(obj).sort())",
  },
  {
    proofCanonicalMode: "recursive",
    signatureEncoding: "der",
    requestPath: "full",
    why: "noble v1 verify (Merchant API examples) takes DER or 128-hex compact, never 130 hex; Node crypto.verify takes DER",
  },
  {
    proofCanonicalMode: "recursive",
    signatureEncoding: "compact",
    requestPath: "full",
    why: "noble v3 (the registry web app) signs and verifies 128-hex compact r‖s only",
  },
  {
    proofCanonicalMode: "recursive",
    signatureEncoding: "rsv",
    requestPath: "relative",
    why: "the merchant gateway auth middleware checks Express req.path (below the mount point, no query)",
  },
  // Two deviations.
  {
    proofCanonicalMode: "replacer",
    signatureEncoding: "der",
    requestPath: "full",
    why: "Merchant API examples (signing.js: replacer canonicalize, noble v1) with the webhook on the app itself",
  },
  {
    proofCanonicalMode: "replacer",
    signatureEncoding: "rsv",
    requestPath: "relative",
    why: "merchant gateway pages: replacer canonical JSON and the req.path middleware",
  },
  {
    proofCanonicalMode: "recursive",
    signatureEncoding: "der",
    requestPath: "relative",
    why: "a noble v1 verifier behind an Express router",
  },
  {
    proofCanonicalMode: "replacer",
    signatureEncoding: "compact",
    requestPath: "full",
    why: "the Merchant API canonicalize with a noble v3 verifier",
  },
  {
    proofCanonicalMode: "recursive",
    signatureEncoding: "compact",
    requestPath: "relative",
    why: "a noble v3 verifier behind an Express router",
  },
  // Three deviations.
  {
    proofCanonicalMode: "replacer",
    signatureEncoding: "der",
    requestPath: "relative",
    why: "the Merchant API example code as published: signing.js (replacer, noble v1 DER) under an Express router",
  },
  {
    proofCanonicalMode: "replacer",
    signatureEncoding: "compact",
    requestPath: "relative",
    why: "the same example code with noble v3 (compact)",
  },
] satisfies Variant[]);

/** The variants to try for a counterparty whose profile is `current`: it first, then the list without it. */
export function signingVariantsFor(current: SigningProfile): SigningProfile[] {
  const rest = SIGNING_VARIANTS.filter((variant) => !isSameSigningProfile(variant, current));
  return [current, ...rest].map(({ proofCanonicalMode, signatureEncoding, requestPath }) => ({ proofCanonicalMode, signatureEncoding, requestPath }));
}

const SIGNATURE_CODES = new Set(["INVALID_SIGNATURE", "PROOF_SIGNATURE_INVALID", "SIGNATURE_INVALID", "BAD_SIGNATURE", "SIGNATURE_MISMATCH"]);
const SIGNATURE_WORDS = /signature/i;
const REFUSAL_WORDS = /invalid|mismatch|does not (?:verify|match)|doesn't (?:verify|match)|not valid|failed|bad|wrong|incorrect|unverified|could not be verified|cannot be verified/i;

/**
 * Whether a refusal (a 4xx) says our signature did not verify: 401 INVALID_SIGNATURE, 400
 * PROOF_SIGNATURE_INVALID, or the same words in another shape ({"error": "Invalid signature"},
 * {"message": "Signature mismatch"}, plain text). Other refusals (unknown order, amount, timestamp,
 * nonce) are about the proof or the request, not about how it is signed: another variant cannot help.
 */
export function isSignatureRefusal(status: number, json: unknown, text: string): boolean {
  if (status < 400 || status >= 500) return false;
  const codes: string[] = [];
  const messages: string[] = [];
  collect(json, codes, messages, 0);
  if (codes.some((code) => SIGNATURE_CODES.has(code.toUpperCase()))) return true;
  // A recognisable error code that is not about signatures decides: "ORDER_NOT_FOUND: bad signature order"
  // is not a signature error.
  if (codes.some((code) => /^[A-Z][A-Z0-9_]{2,}$/.test(code))) return false;
  const words = json === undefined ? [text.slice(0, 2000)] : messages;
  return words.some((message) => SIGNATURE_WORDS.test(message) && REFUSAL_WORDS.test(message));
}

/** Codes and messages of the usual error shapes: {error: {code, message}}, {error: "…"}, {code, message}, {message}. */
function collect(value: unknown, codes: string[], messages: string[], depth: number): void {
  if (depth > 2 || value === null || typeof value !== "object") {
    if (typeof value === "string") messages.push(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value.slice(0, 10)) collect(item, codes, messages, depth + 1);
    return;
  }
  for (const [key, field] of Object.entries(value)) {
    if (typeof field === "string") {
      if (key === "code" || key === "error_code" || key === "errorCode") codes.push(field);
      else if (key === "error" || key === "message" || key === "error_description" || key === "detail" || key === "reason") {
        if (/^[A-Z][A-Z0-9_]{2,}$/.test(field)) codes.push(field);
        else messages.push(field);
      }
    } else if (key === "error" || key === "errors") collect(field, codes, messages, depth + 1);
  }
}
