/**
 * Opencharge metadata documents (protocol reference §2.5): reading counterparties' documents in both
 * published shapes, verifying their signature, and building our own.
 *
 * Shapes
 *  - nested (every API page and OpenAPI file): {opencharge, name, icon?, config: {publicKey, endpoint,
 *    capabilities, settlement?}, signature, …}; the signature is over canonical(config) as received.
 *  - flat (older guides): {opencharge, name, icon?, publicKey, endpoint, capabilities, settlement?, …}.
 *    No page says what its signature covers; we verify it over the whole document without `signature`
 *    (everything the party published), and require it — an unsigned document proves no key possession.
 * A document is nested when it has a `config` object. Both canonical forms are tried (policy §5).
 */
import { z } from "zod";
import type { CanonicalMode } from "@/lib/opencharge/canonical-json";
import { IMPLEMENTED_CAPABILITIES, ourSettlement } from "@/lib/opencharge/capabilities";
import { isValidPublicKeyHex, normalizePublicKey } from "@/lib/opencharge/crypto";
import { getGatewayIdentity } from "@/lib/opencharge/identity";
import { signObject, verifySignedObject } from "@/lib/opencharge/signed-objects";

export const OPENCHARGE_VERSION = "0.1";

export type Settlement = { currencies: string[]; accepts: number[] };

export type CounterpartyMetadata = {
  name: string;
  icon?: string;
  /** 128 hex (X‖Y), whatever form the document used. */
  publicKey: string;
  endpoint: string;
  capabilities: string[];
  settlement?: Settlement;
};

export type MetadataShape = "nested" | "flat";

export type VerifiedMetadata = {
  metadata: CounterpartyMetadata;
  shape: MetadataShape;
  /** The canonical form the document's signature verified over. */
  signatureMode: CanonicalMode;
};

/** The document is not usable metadata; `message` says why (safe to show to the counterparty). */
export class InvalidMetadataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidMetadataError";
  }
}

const publicKeySchema = z
  .string()
  .refine(isValidPublicKeyHex, "must be a secp256k1 public key (128 hex characters)")
  .transform(normalizePublicKey);

const settlementSchema = z.object({
  currencies: z.array(z.string()).default([]),
  accepts: z.array(z.number().int().nonnegative()).default([]),
});

const configFields = {
  publicKey: publicKeySchema,
  endpoint: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
  // Required by the OpenAPI schema, but a missing list only means "advertises nothing".
  capabilities: z.array(z.string()).default([]),
  settlement: settlementSchema.optional(),
};

const documentFields = {
  name: z.string().trim().min(1).max(200),
  // Rendered on our pages: keep only http(s) URLs, and never fail a whole document over a bad icon.
  icon: z.url({ protocol: /^https?$/ }).optional().catch(undefined),
  signature: z.string().min(1, "is missing"),
};

const nestedSchema = z.object({ ...documentFields, config: z.object(configFields) });
const flatSchema = z.object({ ...documentFields, ...configFields });

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "document"} ${issue.message}`)
    .join("; ");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses, validates and verifies a metadata document. Throws InvalidMetadataError. */
export function verifyCounterpartyMetadata(document: unknown): VerifiedMetadata {
  if (!isPlainObject(document)) throw new InvalidMetadataError("the document is not a JSON object");
  const shape: MetadataShape = isPlainObject(document.config) ? "nested" : "flat";

  let metadata: CounterpartyMetadata;
  let signature: string;
  let signedPayload: unknown;
  if (shape === "nested") {
    const parsed = nestedSchema.safeParse(document);
    if (!parsed.success) throw new InvalidMetadataError(`invalid metadata: ${describeIssues(parsed.error)}`);
    const { name, icon, config } = parsed.data;
    metadata = { name, ...(icon ? { icon } : {}), ...config };
    signature = parsed.data.signature;
    signedPayload = document.config; // exactly as received: unknown keys are signed too
  } else {
    const parsed = flatSchema.safeParse(document);
    if (!parsed.success) throw new InvalidMetadataError(`invalid metadata (flat shape): ${describeIssues(parsed.error)}`);
    const { name, icon, signature: sig, ...config } = parsed.data;
    metadata = { name, ...(icon ? { icon } : {}), ...config };
    signature = sig;
    const { signature: _omitted, ...rest } = document;
    signedPayload = rest;
  }
  if (metadata.settlement === undefined) delete metadata.settlement;

  const signatureMode = verifySignedObject(signedPayload, signature, metadata.publicKey);
  if (!signatureMode) {
    throw new InvalidMetadataError(
      shape === "nested"
        ? "the signature does not verify over canonical(config) with config.publicKey"
        : "the signature does not verify over the document (without signature) with publicKey",
    );
  }
  return { metadata, shape, signatureMode };
}

/** Our own metadata without the document around it (what resolving our own OCID gives). */
export function ownCounterpartyMetadata(): CounterpartyMetadata {
  const identity = getGatewayIdentity();
  return {
    name: identity.name,
    publicKey: identity.publicKey,
    endpoint: identity.endpoint,
    capabilities: [...IMPLEMENTED_CAPABILITIES],
    settlement: ourSettlement(),
  };
}

export type OwnMetadataDocument = {
  opencharge: typeof OPENCHARGE_VERSION;
  name: string;
  icon?: string;
  config: { publicKey: string; endpoint: string; capabilities: string[]; settlement: Settlement };
  signature: string;
  contact?: string;
};

let ownMetadata: { key: string; document: Readonly<OwnMetadataDocument> } | undefined;

/**
 * Our GET /metadata.json: the nested shape, config signed in the recursive canonical form (policy §5).
 * Built once per identity and settings (the signature is deterministic), not on every request.
 */
export function buildOwnMetadata(): Readonly<OwnMetadataDocument> {
  const { name, publicKey, endpoint } = getGatewayIdentity();
  const settlement = ourSettlement();
  // Everything signed is in the key: a document built for other settings is never served.
  const key = JSON.stringify([name, publicKey, endpoint, IMPLEMENTED_CAPABILITIES, settlement]);
  if (ownMetadata?.key !== key) {
    const config = { publicKey, endpoint, capabilities: [...IMPLEMENTED_CAPABILITIES], settlement };
    const document: OwnMetadataDocument = { opencharge: OPENCHARGE_VERSION, name, config, signature: signObject(config, "recursive") };
    ownMetadata = { key, document: Object.freeze(document) };
  }
  return ownMetadata.document;
}
