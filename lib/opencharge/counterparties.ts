/** Operator management of known counterparties (the Counterparty table), behind the wallet CLI. */
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  checkoutProofToSchema,
  counterpartySourceFromRow,
  metadataUrlSchema,
  ocidSchema,
  proofCanonicalModeSchema,
  readRegistryFile,
  type CounterpartySource,
} from "@/lib/opencharge/counterparty-sources";
import { getGatewayIdentity } from "@/lib/opencharge/identity";
import { clearCounterpartyCache, fetchCounterpartyMetadata } from "@/lib/opencharge/resolver";

export const addCounterpartyInput = z.object({
  ocid: ocidSchema,
  metadataUrl: metadataUrlSchema,
  proofCanonicalMode: proofCanonicalModeSchema.default("recursive"),
  checkoutProofTo: checkoutProofToSchema.default("merchant"),
});

export type AddedCounterparty = Omit<CounterpartySource, "source"> & {
  name: string;
  publicKey: string;
  endpoint: string;
  capabilities: string[];
};

/**
 * Adds or updates a counterparty. Its metadata must be reachable and its signature must verify first
 * (onboarding rule: never record a party whose metadata cannot be checked).
 */
export async function addCounterparty(input: {
  ocid: number | string;
  metadataUrl: string;
  proofCanonicalMode?: string;
  checkoutProofTo?: string;
}): Promise<AddedCounterparty> {
  const parsed = addCounterpartyInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("VALIDATION_ERROR", `Invalid ${issue?.path.join(".") || "input"}: ${issue?.message}`);
  }
  const settings = parsed.data;
  if (settings.ocid === getGatewayIdentity().ocid) {
    throw new AppError("VALIDATION_ERROR", `OCID ${settings.ocid} is this gateway's own OCID (OPENCHARGE_OCID).`);
  }
  const { metadata } = await fetchCounterpartyMetadata(settings.metadataUrl);
  const client = await db();
  await client.counterparty.upsert({ where: { ocid: settings.ocid }, create: settings, update: settings });
  clearCounterpartyCache();
  return {
    ...settings,
    name: metadata.name,
    publicKey: metadata.publicKey,
    endpoint: metadata.endpoint,
    capabilities: metadata.capabilities,
  };
}

/**
 * Every configured counterparty by OCID, without fetching metadata: the table's rows replace the
 * OPENCHARGE_REGISTRY file's entries for the same OCID, as in resolution.
 */
export async function listCounterparties(): Promise<CounterpartySource[]> {
  const client = await db();
  const merged = await readRegistryFile();
  for (const row of await client.counterparty.findMany()) merged.set(row.ocid, counterpartySourceFromRow(row));
  return [...merged.values()].sort((a, b) => a.ocid - b.ocid);
}
