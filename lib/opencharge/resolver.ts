/**
 * OCID → verified counterparty: its metadata (public key, endpoint, capabilities, settlement) and our
 * per-counterparty protocol settings. Sources: counterparty-sources.ts. Our own OCID resolves to our own
 * metadata without HTTP.
 *
 * Metadata is fetched under the outbound rules of outbound-http.ts (https, no private addresses, no
 * redirects), with a 5 s timeout and a 64 KB cap, validated and its signature verified (metadata.ts).
 * Results are cached for 5 minutes; failures for 30 s, so a dead host cannot slow every request. The
 * cache is per process: a counterparty added with the CLI is seen by a running server within 5 minutes.
 */
import { AppError, isAppError } from "@/lib/errors";
import type { CanonicalMode } from "@/lib/opencharge/canonical-json";
import { DEFAULT_CHECKOUT_PROOF_TO, findCounterpartySource } from "@/lib/opencharge/counterparty-sources";
import { getGatewayIdentity } from "@/lib/opencharge/identity";
import {
  InvalidMetadataError,
  ownCounterpartyMetadata,
  verifyCounterpartyMetadata,
  type CounterpartyMetadata,
  type VerifiedMetadata,
} from "@/lib/opencharge/metadata";
import { OutboundRequestError, sendHttpRequest } from "@/lib/opencharge/outbound-http";

export type Counterparty = CounterpartyMetadata & {
  ocid: number;
  proofCanonicalMode: CanonicalMode;
  checkoutProofTo: "merchant" | "gateway";
};

const SUCCESS_TTL_MS = 5 * 60_000;
const FAILURE_TTL_MS = 30_000;
const DEFAULT_METADATA_TIMEOUT_MS = 5_000;
const MAX_METADATA_BYTES = 64 * 1024;

let metadataTimeoutMs = DEFAULT_METADATA_TIMEOUT_MS;

/** Tests shorten the metadata fetch timeout; `undefined` restores the default (5 s). */
export function setMetadataFetchTimeout(ms: number | undefined): void {
  metadataTimeoutMs = ms ?? DEFAULT_METADATA_TIMEOUT_MS;
}

// Promises, so concurrent requests for one OCID share a single fetch. On globalThis, like the database
// connection: the server loads this module twice (Next's bundle and server/direct-routes.ts).
const state = globalThis as unknown as { counterpartyCache?: Map<number, { expiresAt: number; counterparty: Promise<Counterparty> }> };
const cache = (state.counterpartyCache ??= new Map());

export function clearCounterpartyCache(): void {
  cache.clear();
}

/** Candidate URLs: as given, then `${url}/metadata.json` when it does not name a .json file (§2.4). */
function metadataUrlCandidates(metadataUrl: string): URL[] {
  const url = new URL(metadataUrl);
  if (url.pathname.endsWith(".json")) return [url];
  const conventional = new URL(url);
  conventional.pathname = `${url.pathname.replace(/\/+$/, "")}/metadata.json`;
  return [url, conventional];
}

/**
 * Fetches, validates and verifies the metadata document at `metadataUrl`.
 * Throws AppError METADATA_UNAVAILABLE saying why.
 */
export async function fetchCounterpartyMetadata(metadataUrl: string): Promise<VerifiedMetadata> {
  let candidates: URL[];
  try {
    candidates = metadataUrlCandidates(metadataUrl);
  } catch {
    throw new AppError("METADATA_UNAVAILABLE", `Metadata URL "${metadataUrl}" is not a valid URL.`);
  }
  const reasons: string[] = [];
  for (const url of candidates) {
    let response;
    try {
      response = await sendHttpRequest({
        url,
        method: "GET",
        headers: { accept: "application/json" },
        timeoutMs: metadataTimeoutMs,
        maxResponseBytes: MAX_METADATA_BYTES,
      });
    } catch (error) {
      if (!(error instanceof OutboundRequestError)) throw error;
      // No answer from this host: the other candidate is on the same host, so do not wait twice.
      reasons.push(error.message);
      break;
    }
    const reason = readMetadataResponse(url, response);
    if (typeof reason !== "string") return reason;
    reasons.push(`${url.href} ${reason}`);
  }
  throw new AppError("METADATA_UNAVAILABLE", `Metadata is unavailable: ${reasons.join("; ")}.`);
}

function readMetadataResponse(
  url: URL,
  response: { status: number; text: string; truncated: boolean },
): VerifiedMetadata | string {
  if (response.status >= 300 && response.status < 400) return `answered with a redirect (HTTP ${response.status}), which is not followed`;
  if (response.status !== 200) return `answered HTTP ${response.status}`;
  if (response.truncated) return `is larger than ${MAX_METADATA_BYTES / 1024} KB`;
  let document: unknown;
  try {
    document = JSON.parse(response.text);
  } catch {
    return "is not JSON";
  }
  try {
    return verifyCounterpartyMetadata(document);
  } catch (error) {
    if (error instanceof InvalidMetadataError) return `is not valid metadata: ${error.message}`;
    throw error;
  }
}

async function loadCounterparty(ocid: number): Promise<Counterparty> {
  const source = await findCounterpartySource(ocid);
  if (!source) {
    throw new AppError("UNKNOWN_OCID", `OCID ${ocid} is not a counterparty this gateway knows.`, { details: { ocid } });
  }
  try {
    const { metadata } = await fetchCounterpartyMetadata(source.metadataUrl);
    return {
      ...metadata,
      ocid,
      proofCanonicalMode: source.proofCanonicalMode,
      checkoutProofTo: source.checkoutProofTo,
    };
  } catch (error) {
    if (isAppError(error) && error.code === "METADATA_UNAVAILABLE") {
      throw new AppError("METADATA_UNAVAILABLE", `OCID ${ocid}: ${error.message}`, { details: { ocid } });
    }
    throw error;
  }
}

/** The verified counterparty behind `ocid`. Throws AppError UNKNOWN_OCID (401) or METADATA_UNAVAILABLE (502). */
export async function resolveCounterparty(ocid: number): Promise<Counterparty> {
  const identity = getGatewayIdentity();
  if (ocid === identity.ocid) {
    return { ...ownCounterpartyMetadata(), ocid, proofCanonicalMode: "recursive", checkoutProofTo: DEFAULT_CHECKOUT_PROOF_TO };
  }
  const now = Date.now();
  const cached = cache.get(ocid);
  if (cached && cached.expiresAt > now) return cached.counterparty;

  const counterparty = loadCounterparty(ocid);
  const entry = { expiresAt: now + SUCCESS_TTL_MS, counterparty };
  cache.set(ocid, entry);
  counterparty.catch((error: unknown) => {
    if (cache.get(ocid) !== entry) return;
    if (isAppError(error) && error.code === "METADATA_UNAVAILABLE") entry.expiresAt = Date.now() + FAILURE_TTL_MS;
    // Unknown OCIDs and configuration errors are cheap to look up again and must not fill the cache.
    else cache.delete(ocid);
  });
  return counterparty;
}
