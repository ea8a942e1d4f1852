/**
 * Where a counterparty's metadata URL and protocol settings come from:
 *  1. the Counterparty table (`npm run wallet -- counterparty:add`), then
 *  2. the OPENCHARGE_REGISTRY file: {"500": "https://…/metadata.json"} or
 *     {"500": {"metadataUrl": "…", "proofCanonicalMode": "replacer", "signatureEncoding": "der",
 *              "requestPath": "relative", "checkoutProofTo": "merchant"}},
 *     plus where we hold money (settlement out, lib/settlement/): {"300": {"metadataUrl": "…", "reserve": true}}
 *     (a reserve at gateway 300) or {"100": {"metadataUrl": "…", "provider": true}} (an account at provider 100).
 * The table wins when both name an OCID: it is what the operator added last, after its metadata was
 * fetched and verified, while the file is deployment configuration.
 *
 * One exception: a row of origin "learned" only remembers a signing profile the delivery worker learned
 * for a counterparty of the file (lib/deliveries/signing-variants.ts). While the file still names that
 * OCID, the file gives its URL, checkoutProofTo, reserve and provider, and the row only the three signing fields.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { isOcid, ocidNumber } from "@/lib/opencharge/ocid";
import { db, type Tx } from "@/lib/db";
import { getEnv } from "@/lib/env";
import {
  pickSigningProfile,
  proofCanonicalModeSchema,
  requestPathSchema,
  signatureEncodingSchema,
  type SigningProfile,
} from "@/lib/opencharge/signing-profile";

export { proofCanonicalModeSchema, requestPathSchema, signatureEncodingSchema };
export const checkoutProofToSchema = z.enum(["merchant", "gateway"]);
export type CheckoutProofTo = z.infer<typeof checkoutProofToSchema>;
/**
 * Hosted checkout proofs name the merchant gateway by default: we credit the gateway's account, and the
 * merchant gateway docs' own webhook code requires proof.to.ocid to be the gateway itself.
 */
export const DEFAULT_CHECKOUT_PROOF_TO: CheckoutProofTo = "gateway";

export const metadataUrlSchema = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
export const ocidSchema = z.coerce.number().pipe(ocidNumber);

export type CounterpartySource = SigningProfile & {
  ocid: number;
  metadataUrl: string;
  checkoutProofTo: CheckoutProofTo;
  /** We hold a reserve at this gateway: a settlement path through its /transfer/create. */
  reserve: boolean;
  /** We hold an account at this settlement provider: a settlement path through gateways that accept it. */
  provider: boolean;
  /** Where the metadata URL comes from. */
  source: "database" | "registry";
  /** When the signing profile was learned from a signature refusal (ISO time); null when configured. */
  profileLearnedAt: string | null;
};

const registryEntrySchema = z.preprocess(
  (value) => (typeof value === "string" ? { metadataUrl: value } : value),
  z
    .object({
      metadataUrl: metadataUrlSchema,
      proofCanonicalMode: proofCanonicalModeSchema.default("recursive"),
      signatureEncoding: signatureEncodingSchema.default("rsv"),
      requestPath: requestPathSchema.default("full"),
      checkoutProofTo: checkoutProofToSchema.default(DEFAULT_CHECKOUT_PROOF_TO),
      reserve: z.boolean().default(false),
      provider: z.boolean().default(false),
    })
    .strict(),
);

const registryFileSchema = z.record(z.string().regex(/^[1-9][0-9]{0,9}$/, "keys must be OCIDs").refine((key) => isOcid(Number(key)), "keys must be OCIDs"), registryEntrySchema);

/** The OPENCHARGE_REGISTRY file's entries (none when unset). A broken file is a configuration error: throws. */
export async function readRegistryFile(): Promise<Map<number, CounterpartySource>> {
  const file = getEnv().OPENCHARGE_REGISTRY;
  const entries = new Map<number, CounterpartySource>();
  if (!file) return entries;
  const where = path.resolve(/*turbopackIgnore: true*/ process.cwd(), file);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(where, "utf8"));
  } catch (error) {
    throw new Error(`OPENCHARGE_REGISTRY file ${where} cannot be read as JSON: ${(error as Error).message}`);
  }
  const parsed = registryFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`OPENCHARGE_REGISTRY file ${where} is invalid at "${issue?.path.join(".")}": ${issue?.message}`);
  }
  for (const [key, entry] of Object.entries(parsed.data)) {
    const ocid = Number(key);
    entries.set(ocid, { ocid, ...entry, source: "registry", profileLearnedAt: null });
  }
  return entries;
}

export type CounterpartyRow = {
  ocid: number;
  metadataUrl: string;
  proofCanonicalMode: string;
  signatureEncoding: string;
  requestPath: string;
  checkoutProofTo: string;
  origin: string;
  profileLearnedAt: Date | null;
  reserve: boolean;
  provider: boolean;
};

export function counterpartySourceFromRow(row: CounterpartyRow): CounterpartySource {
  return {
    ocid: row.ocid,
    metadataUrl: row.metadataUrl,
    // Written through counterparties.ts, which validates; parse anyway so a hand-edited row fails loudly.
    proofCanonicalMode: proofCanonicalModeSchema.parse(row.proofCanonicalMode),
    signatureEncoding: signatureEncodingSchema.parse(row.signatureEncoding),
    requestPath: requestPathSchema.parse(row.requestPath),
    checkoutProofTo: checkoutProofToSchema.parse(row.checkoutProofTo),
    reserve: row.reserve,
    provider: row.provider,
    source: "database",
    profileLearnedAt: row.profileLearnedAt?.toISOString() ?? null,
  };
}

/**
 * One OCID's table row and file entry → what applies (see the top of this file). A learned row whose
 * OCID the file no longer names configures nothing: removing a counterparty from the file removes it.
 */
export function mergeCounterpartySources(row: CounterpartyRow | null, registered: CounterpartySource | undefined): CounterpartySource | null {
  if (!row) return registered ?? null;
  const fromRow = counterpartySourceFromRow(row);
  if (row.origin !== "learned") return fromRow;
  if (!registered) return null;
  return { ...registered, ...pickSigningProfile(fromRow), profileLearnedAt: fromRow.profileLearnedAt };
}

/** Table first, then the registry file. Pass `tx` when calling from inside a transaction. */
export async function findCounterpartySource(ocid: number, tx?: Tx): Promise<CounterpartySource | null> {
  const client = tx ?? (await db());
  const row = await client.counterparty.findUnique({ where: { ocid } });
  if (row && row.origin !== "learned") return counterpartySourceFromRow(row);
  return mergeCounterpartySources(row, (await readRegistryFile()).get(ocid));
}

/**
 * Every configured counterparty by OCID, without fetching metadata: the table's rows replace the
 * OPENCHARGE_REGISTRY file's entries for the same OCID, as in resolution. Pass `tx` inside a transaction.
 */
export async function listCounterpartySources(tx?: Tx): Promise<CounterpartySource[]> {
  const client = tx ?? (await db());
  const registered = await readRegistryFile();
  const merged = new Map(registered);
  for (const row of await client.counterparty.findMany()) {
    const source = mergeCounterpartySources(row, registered.get(row.ocid));
    if (source) merged.set(row.ocid, source);
    else merged.delete(row.ocid);
  }
  return [...merged.values()].sort((a, b) => a.ocid - b.ocid);
}
