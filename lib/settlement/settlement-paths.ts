/**
 * Which path pays a merchant order, decided per order from its `accepts` (protocol reference §9, in its
 * order of preference):
 *  1. direct — the order accepts our own proofs (our OCID), or a counterparty we pay directly (for hosted
 *     checkout, the merchant gateway that called us: we credit it and send it our proof, §7.3), or names
 *     no `accepts` at all (handed to us by the merchant's side: taken as accepting us);
 *  2. partner reserve — a gateway G in `accepts` where we hold a reserve (counterparty setting `reserve`)
 *     and which serves POST /transfer/create: G debits our reserve, pays the merchant and proves it;
 *  3. third party — a gateway G in `accepts` that serves payment/create and payment/settle and whose
 *     metadata `settlement.accepts` names a settlement provider P where we hold an account (setting
 *     `provider`) and which serves /transfer/create: P pays G for G's payment, G settles it and proves
 *     it to the merchant.
 * Where we hold money is local configuration (counterparty-sources.ts): the protocol has no call for it.
 * A path is only offered when the parties' metadata resolves and says they can do their part, so a
 * payment never starts down a path that cannot work.
 */
import { isAppError } from "@/lib/errors";
import { listCounterpartySources } from "@/lib/opencharge/counterparty-sources";
import { getGatewayIdentity } from "@/lib/opencharge/identity";
import { resolveCounterparty, type Counterparty } from "@/lib/opencharge/resolver";

export type SettlementPath =
  | { kind: "direct" }
  | { kind: "partner_reserve"; gateway: Counterparty }
  | { kind: "third_party"; gateway: Counterparty; provider: Counterparty };

export type SettlementPathKind = SettlementPath["kind"];

export type PathSearch = {
  /** The path that pays the order, or null when there is none. */
  path: SettlementPath | null;
  /** Why each OCID of `accepts` that was looked at is no path (OCID → reason), for the refusal's details. */
  reasons: Record<string, string>;
};

/** What a path needs from the order: whom it accepts and in which currency. */
export type PathQuery = {
  /** The order's `accepts`; undefined when it has none. */
  accepts: readonly number[] | undefined;
  currency: string;
  /** Counterparties besides us that we pay directly (the merchant gateway that brought a checkout). */
  directPayees?: readonly number[];
};

/** The path that pays an order, best first; `path` is null when no path exists (reasons say why). */
export async function findSettlementPath(query: PathQuery): Promise<PathSearch> {
  const ours = getGatewayIdentity().ocid;
  const accepts = query.accepts;
  if (!accepts || accepts.some((ocid) => ocid === ours || (query.directPayees ?? []).includes(ocid))) {
    return { path: { kind: "direct" }, reasons: {} };
  }
  const reasons: Record<string, string> = {};
  const candidates = accepts.filter((ocid, index) => accepts.indexOf(ocid) === index);
  const sources = await listCounterpartySources();
  const settingsOf = new Map(sources.map((source) => [source.ocid, source]));
  const providers = sources.filter((source) => source.provider && source.ocid !== ours);

  // 2. A reserve at a gateway the merchant accepts.
  for (const ocid of candidates) {
    if (!settingsOf.get(ocid)?.reserve) continue;
    const gateway = await resolveOrReason(ocid);
    if (typeof gateway === "string") {
      reasons[ocid] = `we hold a reserve there, but ${gateway}`;
      continue;
    }
    const missing = lacks(gateway, ["transfer.create"]) ?? lacksCurrency(gateway, query.currency);
    if (missing) {
      reasons[ocid] = `we hold a reserve there, but it ${missing}`;
      continue;
    }
    return { path: { kind: "partner_reserve", gateway }, reasons };
  }

  // 3. A settlement provider where we hold an account, accepted by a gateway the merchant accepts.
  if (providers.length === 0) {
    for (const ocid of candidates) reasons[ocid] ??= "we hold no reserve there and no account at a settlement provider";
    return { path: null, reasons };
  }
  for (const ocid of candidates) {
    if (reasons[ocid]) continue;
    const gateway = await resolveOrReason(ocid);
    if (typeof gateway === "string") {
      reasons[ocid] = gateway;
      continue;
    }
    const missing = lacks(gateway, ["payment.create", "payment.settle"]) ?? lacksCurrency(gateway, query.currency);
    if (missing) {
      reasons[ocid] = `we hold no reserve there, and it ${missing}`;
      continue;
    }
    const accepted = gateway.settlement?.accepts ?? [];
    const common = providers.filter((provider) => accepted.includes(provider.ocid));
    if (common.length === 0) {
      reasons[ocid] = `we hold no reserve there, and none of the providers it accepts (${accepted.join(", ") || "none listed"}) holds an account of ours`;
      continue;
    }
    for (const candidate of common) {
      const provider = await resolveOrReason(candidate.ocid);
      const missingAtProvider =
        typeof provider === "string" ? provider : (lacks(provider, ["transfer.create"]) ?? lacksCurrency(provider, query.currency));
      if (typeof provider !== "string" && !missingAtProvider) return { path: { kind: "third_party", gateway, provider }, reasons };
      reasons[ocid] = `its provider ${candidate.ocid} ${missingAtProvider}`;
    }
  }
  return { path: null, reasons };
}

async function resolveOrReason(ocid: number): Promise<Counterparty | string> {
  try {
    return await resolveCounterparty(ocid);
  } catch (error) {
    if (isAppError(error) && (error.code === "UNKNOWN_OCID" || error.code === "METADATA_UNAVAILABLE")) {
      return error.code === "UNKNOWN_OCID" ? "it is not a counterparty we know" : "its metadata is unavailable";
    }
    throw error;
  }
}

function lacks(counterparty: Counterparty, capabilities: string[]): string | null {
  const missing = capabilities.filter((capability) => !counterparty.capabilities.includes(capability));
  return missing.length > 0 ? `does not offer ${missing.join(" and ")}` : null;
}

/** A party that lists the currencies it settles must list this one; one that lists none is not held to it. */
function lacksCurrency(counterparty: Counterparty, currency: string): string | null {
  const currencies = counterparty.settlement?.currencies ?? [];
  return currencies.length > 0 && !currencies.includes(currency) ? `does not settle ${currency}` : null;
}
