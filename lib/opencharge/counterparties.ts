/** Operator management of known counterparties (the Counterparty table), behind the wallet CLI. */
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  checkoutProofToSchema,
  DEFAULT_CHECKOUT_PROOF_TO,
  listCounterpartySources,
  metadataUrlSchema,
  ocidSchema,
  proofCanonicalModeSchema,
  readRegistryFile,
  requestPathSchema,
  signatureEncodingSchema,
  type CounterpartySource,
} from "@/lib/opencharge/counterparty-sources";
import { getGatewayIdentity } from "@/lib/opencharge/identity";
import { clearCounterpartyCache, fetchCounterpartyMetadata } from "@/lib/opencharge/resolver";
import { pickSigningProfile, type SigningProfile } from "@/lib/opencharge/signing-profile";

export const addCounterpartyInput = z.object({
  ocid: ocidSchema,
  metadataUrl: metadataUrlSchema,
  proofCanonicalMode: proofCanonicalModeSchema.default("recursive"),
  signatureEncoding: signatureEncodingSchema.default("rsv"),
  requestPath: requestPathSchema.default("full"),
  checkoutProofTo: checkoutProofToSchema.default(DEFAULT_CHECKOUT_PROOF_TO),
  /** We hold a reserve at this gateway (settlement out through its /transfer/create). */
  reserve: z.boolean().default(false),
  /** We hold an account at this settlement provider (settlement out through gateways that accept it). */
  provider: z.boolean().default(false),
});

export type AddedCounterparty = Omit<CounterpartySource, "source" | "profileLearnedAt"> & {
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
  signatureEncoding?: string;
  requestPath?: string;
  checkoutProofTo?: string;
  reserve?: boolean;
  provider?: boolean;
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
  assertCanSettleThrough(settings, metadata.capabilities);
  const client = await db();
  // The operator's word replaces any profile the delivery worker learned before.
  const row = { ...settings, origin: "operator", profileLearnedAt: null };
  await client.counterparty.upsert({ where: { ocid: settings.ocid }, create: row, update: row });
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
 * OPENCHARGE_REGISTRY file's entries for the same OCID, as in resolution (counterparty-sources.ts).
 */
export async function listCounterparties(): Promise<CounterpartySource[]> {
  return listCounterpartySources();
}

/**
 * A reserve is only a settlement path at a gateway that serves /transfer/create, and so is an account at
 * a provider: refuse the flag up front rather than let every payment through it fail later.
 */
function assertCanSettleThrough(settings: { ocid: number; reserve: boolean; provider: boolean }, capabilities: string[]): void {
  if ((settings.reserve || settings.provider) && !capabilities.includes("transfer.create")) {
    const flag = settings.reserve ? "--reserve" : "--provider";
    throw new AppError(
      "VALIDATION_ERROR",
      `OCID ${settings.ocid} does not list transfer.create in its capabilities, so ${flag} cannot pay through it.`,
      { details: { ocid: settings.ocid, capabilities } },
    );
  }
}

/**
 * Remembers the signing profile a counterparty accepted after refusing another (the delivery worker
 * learns it, lib/deliveries/deliver-due.ts): it is used for every later delivery. A counterparty known
 * only from the OPENCHARGE_REGISTRY file gets a row of origin "learned", so the profile outlives the
 * process; the file still gives its URL and other settings.
 */
export async function recordLearnedSigningProfile(ocid: number, profile: SigningProfile, now = new Date()): Promise<void> {
  const client = await db();
  const learned = { ...pickSigningProfile(profile), profileLearnedAt: now };
  const updated = await client.counterparty.updateMany({ where: { ocid }, data: learned });
  if (updated.count > 0) return;
  const registered = (await readRegistryFile()).get(ocid);
  if (!registered) return; // no longer configured anywhere: nothing to remember it for
  await client.counterparty.upsert({
    where: { ocid },
    create: {
      ocid,
      metadataUrl: registered.metadataUrl,
      checkoutProofTo: registered.checkoutProofTo,
      reserve: registered.reserve,
      provider: registered.provider,
      origin: "learned",
      ...learned,
    },
    update: learned,
  });
}
