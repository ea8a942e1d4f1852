/**
 * Where a counterparty's metadata URL and protocol settings come from:
 *  1. the Counterparty table (`npm run wallet -- counterparty:add`), then
 *  2. the OPENCHARGE_REGISTRY file: {"500": "https://…/metadata.json"} or
 *     {"500": {"metadataUrl": "…", "proofCanonicalMode": "replacer", "checkoutProofTo": "gateway"}}.
 * The table wins when both name an OCID: it is what the operator added last, after its metadata was
 * fetched and verified, while the file is deployment configuration.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { db, type Tx } from "@/lib/db";
import { getEnv } from "@/lib/env";
import type { CanonicalMode } from "@/lib/opencharge/canonical-json";

export const proofCanonicalModeSchema = z.enum(["recursive", "replacer"]);
export const checkoutProofToSchema = z.enum(["merchant", "gateway"]);
export type CheckoutProofTo = z.infer<typeof checkoutProofToSchema>;

export const metadataUrlSchema = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
export const ocidSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export type CounterpartySource = {
  ocid: number;
  metadataUrl: string;
  proofCanonicalMode: CanonicalMode;
  checkoutProofTo: CheckoutProofTo;
  source: "database" | "registry";
};

const registryEntrySchema = z.preprocess(
  (value) => (typeof value === "string" ? { metadataUrl: value } : value),
  z
    .object({
      metadataUrl: metadataUrlSchema,
      proofCanonicalMode: proofCanonicalModeSchema.default("recursive"),
      checkoutProofTo: checkoutProofToSchema.default("merchant"),
    })
    .strict(),
);

const registryFileSchema = z.record(z.string().regex(/^[1-9][0-9]{0,15}$/, "keys must be OCIDs"), registryEntrySchema);

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
    entries.set(ocid, { ocid, ...entry, source: "registry" });
  }
  return entries;
}

type CounterpartyRow = { ocid: number; metadataUrl: string; proofCanonicalMode: string; checkoutProofTo: string };

export function counterpartySourceFromRow(row: CounterpartyRow): CounterpartySource {
  return {
    ocid: row.ocid,
    metadataUrl: row.metadataUrl,
    // Written through counterparties.ts, which validates; parse anyway so a hand-edited row fails loudly.
    proofCanonicalMode: proofCanonicalModeSchema.parse(row.proofCanonicalMode),
    checkoutProofTo: checkoutProofToSchema.parse(row.checkoutProofTo),
    source: "database",
  };
}

/** Table first, then the registry file. Pass `tx` when calling from inside a transaction. */
export async function findCounterpartySource(ocid: number, tx?: Tx): Promise<CounterpartySource | null> {
  const client = tx ?? (await db());
  const row = await client.counterparty.findUnique({ where: { ocid } });
  if (row) return counterpartySourceFromRow(row);
  return (await readRegistryFile()).get(ocid) ?? null;
}
