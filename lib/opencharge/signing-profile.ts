/**
 * How we sign for one counterparty (its "profile"): the canonical JSON of our proofs, the encoding of
 * our signatures (proof and X-OC-Signature alike) and the request path X-OC-Signature signs. The spec's
 * choices are the default (protocol reference §3, §4.2, §5); the others are what receivers built from the
 * public docs' example code verify (README "Interoperability"). Inbound we accept every form already.
 */
import { z } from "zod";
import { canonicalJson, type CanonicalMode } from "@/lib/opencharge/canonical-json";
import { encodeSignature, SIGNATURE_ENCODINGS, signMessage, type SignatureEncoding } from "@/lib/opencharge/crypto";
import { getGatewayIdentity } from "@/lib/opencharge/identity";

export type { CanonicalMode, SignatureEncoding };

export const proofCanonicalModeSchema = z.enum(["recursive", "replacer"]);
export const signatureEncodingSchema = z.enum(SIGNATURE_ENCODINGS);
/** "full": URL pathname + query (the spec); "relative": the path below the counterparty's config.endpoint, no query. */
export const requestPathSchema = z.enum(["full", "relative"]);
export type RequestPathMode = z.infer<typeof requestPathSchema>;

export type SigningProfile = {
  proofCanonicalMode: CanonicalMode;
  signatureEncoding: SignatureEncoding;
  requestPath: RequestPathMode;
};

/** What the spec says: recursive canonical JSON, 130-hex r‖s‖v, the full path of the URL called. */
export const SPEC_SIGNING_PROFILE: Readonly<SigningProfile> = Object.freeze({
  proofCanonicalMode: "recursive",
  signatureEncoding: "rsv",
  requestPath: "full",
});

/** "recursive/rsv/full": how a profile is written in the attempt log and in messages. */
export function signingProfileName(profile: SigningProfile): string {
  return `${profile.proofCanonicalMode}/${profile.signatureEncoding}/${profile.requestPath}`;
}

export function isSameSigningProfile(a: SigningProfile, b: SigningProfile): boolean {
  return a.proofCanonicalMode === b.proofCanonicalMode && a.signatureEncoding === b.signatureEncoding && a.requestPath === b.requestPath;
}

/** Only the three signing fields of a larger object (a counterparty source, a row). */
export function pickSigningProfile(from: SigningProfile): SigningProfile {
  return { proofCanonicalMode: from.proofCanonicalMode, signatureEncoding: from.signatureEncoding, requestPath: from.requestPath };
}

/** Our signature over canonical(value) in the profile's canonical form and encoding. */
export function signObjectForProfile(value: object, profile: Pick<SigningProfile, "proofCanonicalMode" | "signatureEncoding">): string {
  return encodeSignature(signMessage(canonicalJson(value, profile.proofCanonicalMode), getGatewayIdentity().privateKey), profile.signatureEncoding);
}

/**
 * The path X-OC-Signature signs for `url`. "relative" is what Express `req.path` gives a router mounted at
 * the endpoint's base path: "/opencharge/transfer/webhook?x=1" under ".../opencharge" → "/transfer/webhook".
 * A URL outside the endpoint's base keeps its full path.
 */
export function signedRequestPath(url: URL, mode: RequestPathMode, endpoint?: string): string {
  if (mode === "full" || !endpoint) return url.pathname + url.search;
  let base: string;
  try {
    base = new URL(endpoint).pathname.replace(/\/+$/, "");
  } catch {
    return url.pathname + url.search;
  }
  if (base === "") return url.pathname;
  if (url.pathname === base) return "/";
  return url.pathname.startsWith(`${base}/`) ? url.pathname.slice(base.length) : url.pathname + url.search;
}
