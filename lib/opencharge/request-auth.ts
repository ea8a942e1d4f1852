/**
 * Opencharge request authentication (protocol reference §4): the X-OC-* headers, the six-line canonical
 * request, response signatures, and the verifier every authenticated protocol route runs.
 *
 * Verification order: header syntax → timestamp window → resolve the sender → signature → nonce.
 * The nonce is recorded only after the signature verified (the reference records it first, which lets
 * anyone burn another party's nonces). Every failure is a 401 except METADATA_UNAVAILABLE (502);
 * missing or malformed headers are INVALID_SIGNATURE, the only request-auth code the OpenAPI error
 * enum and §4.4 give for them (UNAUTHORIZED means "may not debit that account", §9).
 */
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { hotPaths } from "@/lib/db/hot-paths";
import { AppError } from "@/lib/errors";
import { encodeSignature, sha256Hex, signMessage, verifyMessage, type SignatureEncoding } from "@/lib/opencharge/crypto";
import { getGatewayIdentity, OPENCHARGE_BASE_PATH } from "@/lib/opencharge/identity";
import { isOcid } from "@/lib/opencharge/ocid";
import { resolveCounterparty, type Counterparty } from "@/lib/opencharge/resolver";

export type OpenchargeAuth = { ocid: number; counterparty: Counterparty; nonce: string };

/** What request authentication reads of a request: NextRequest, Request, or the custom server's view of one. */
export type SignedRequest = { method: string; url: string; headers: { get(name: string): string | null } };

/** Requests are accepted when |now − X-OC-Timestamp| ≤ 300 s. */
export const TIMESTAMP_WINDOW_SECONDS = 300;
/**
 * Nonces are kept 600 s: a request stamped up to 300 s in the future stays replayable until 300 s after
 * that stamp, i.e. at most 600 s after we first saw it.
 */
export const NONCE_RETENTION_SECONDS = 600;
const NONCE_PRUNE_INTERVAL_MS = 60_000;

export const OC_HEADERS = {
  id: "X-OC-ID",
  timestamp: "X-OC-Timestamp",
  nonce: "X-OC-Nonce",
  signature: "X-OC-Signature",
} as const;

// ---------------------------------------------------------------------------------------------
// Canonical strings and signing

/** `<ocid>\n<timestamp>\n<nonce>\n<METHOD>\n<path>\n<sha256(body)>` — no trailing newline (§4.2). */
export function canonicalRequest(parts: {
  ocid: number | string;
  timestamp: number | string;
  nonce: string;
  method: string;
  path: string;
  bodyHash: string;
}): string {
  return [String(parts.ocid), String(parts.timestamp), parts.nonce, parts.method.toUpperCase(), parts.path, parts.bodyHash].join(
    "\n",
  );
}

/** `<ocid>\n<timestamp>\n<status>\n<sha256(body)>` (§4.3). */
export function canonicalResponse(parts: { ocid: number | string; timestamp: number | string; status: number; bodyHash: string }): string {
  return [String(parts.ocid), String(parts.timestamp), String(parts.status), parts.bodyHash].join("\n");
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

export function newNonce(): string {
  return `req_${randomBytes(16).toString("hex")}`;
}

/**
 * Our X-OC-* headers for a request whose body is exactly `body` (sign the bytes you send).
 * The path signed is `url.pathname + url.search`, the normative form, unless `path` says otherwise (a
 * counterparty profile's "relative" path); `signatureEncoding` likewise (default "rsv", the spec).
 * `timestamp`/`nonce` are for tests.
 */
export function buildRequestHeaders(options: {
  method: string;
  url: URL;
  body: string;
  path?: string;
  signatureEncoding?: SignatureEncoding;
  timestamp?: number;
  nonce?: string;
}): Record<string, string> {
  const { ocid, privateKey } = getGatewayIdentity();
  const timestamp = options.timestamp ?? nowSeconds();
  const nonce = options.nonce ?? newNonce();
  const canonical = canonicalRequest({
    ocid,
    timestamp,
    nonce,
    method: options.method,
    path: options.path ?? options.url.pathname + options.url.search,
    bodyHash: sha256Hex(options.body),
  });
  return {
    [OC_HEADERS.id]: String(ocid),
    [OC_HEADERS.timestamp]: String(timestamp),
    [OC_HEADERS.nonce]: nonce,
    [OC_HEADERS.signature]: encodeSignature(signMessage(canonical, privateKey), options.signatureEncoding ?? "rsv"),
  };
}

/** X-OC-ID, X-OC-Timestamp and X-OC-Signature for a response with this body and status (§4.3). */
export function signResponseHeaders(json: string, status: number): Record<string, string> {
  const { ocid, privateKey } = getGatewayIdentity();
  const timestamp = nowSeconds();
  const canonical = canonicalResponse({ ocid, timestamp, status, bodyHash: sha256Hex(json) });
  return {
    [OC_HEADERS.id]: String(ocid),
    [OC_HEADERS.timestamp]: String(timestamp),
    [OC_HEADERS.signature]: signMessage(canonical, privateKey),
  };
}

// ---------------------------------------------------------------------------------------------
// Verification

function headerError(header: string, message: string): AppError {
  return new AppError("INVALID_SIGNATURE", message, { details: { header } });
}

function readHeaders(req: SignedRequest) {
  const required = (name: string): string => {
    const value = req.headers.get(name)?.trim();
    if (!value) {
      throw headerError(name, `Missing ${name} header: Opencharge requests must carry X-OC-ID, X-OC-Timestamp, X-OC-Nonce and X-OC-Signature.`);
    }
    return value;
  };
  const id = required(OC_HEADERS.id);
  const timestamp = required(OC_HEADERS.timestamp);
  const nonce = required(OC_HEADERS.nonce);
  const signature = required(OC_HEADERS.signature);
  if (!/^[1-9][0-9]{0,9}$/.test(id) || !isOcid(Number(id))) {
    throw headerError(OC_HEADERS.id, "X-OC-ID must be the sender's OCID, a positive integer.");
  }
  if (!/^[0-9]{1,15}$/.test(timestamp)) {
    throw headerError(OC_HEADERS.timestamp, "X-OC-Timestamp must be Unix time in whole seconds.");
  }
  if (!/^[\x21-\x7e]{1,128}$/.test(nonce)) {
    throw headerError(OC_HEADERS.nonce, "X-OC-Nonce must be 1 to 128 printable ASCII characters without spaces.");
  }
  // 130 hex r‖s‖v, 128 hex r‖s or DER (at most 144 hex), optional 0x.
  if (!/^(?:0x)?[0-9a-fA-F]{16,144}$/.test(signature)) {
    throw headerError(OC_HEADERS.signature, "X-OC-Signature must be a hex secp256k1 signature (130 hex r‖s‖v).");
  }
  // The canonical string uses the header texts as sent (a sender may zero-pad its timestamp).
  return { ocid: Number(id), idText: id, timestamp: Number(timestamp), timestampText: timestamp, nonce, signature };
}

function checkTimestamp(timestamp: number): void {
  const skew = timestamp - nowSeconds();
  if (Math.abs(skew) <= TIMESTAMP_WINDOW_SECONDS) return;
  const hint = timestamp > 1e11 ? " (it looks like milliseconds; send seconds)" : "";
  throw new AppError(
    "TIMESTAMP_EXPIRED",
    `X-OC-Timestamp is ${Math.abs(skew)} s ${skew < 0 ? "in the past" : "in the future"}; at most ${TIMESTAMP_WINDOW_SECONDS} s is accepted${hint}.`,
  );
}

/**
 * Paths the sender may have signed (policy §4.2): the full path with and without the query, and the path
 * relative to our endpoint base — under the public endpoint's base path when a proxy strips a prefix of
 * APP_URL, and bare (the merchant example signs "/orders/checkout").
 */
function pathCandidates(req: SignedRequest): string[] {
  const { pathname, search } = new URL(req.url);
  const candidates = [pathname + search, pathname];
  if (pathname.startsWith(`${OPENCHARGE_BASE_PATH}/`)) {
    const relative = pathname.slice(OPENCHARGE_BASE_PATH.length);
    const publicBase = new URL(getGatewayIdentity().endpoint).pathname.replace(/\/+$/, "");
    candidates.push(publicBase + relative + search, publicBase + relative, relative + search, relative);
  }
  return [...new Set(candidates)];
}

/**
 * Body hashes the sender may have signed (policy §4.2): the raw bytes; the re-serialised JSON
 * (reference SDK verifiers hash JSON.stringify(parsed)); for an empty body also "{}" (Express-based
 * signers hash JSON.stringify(req.body) of a body-less request).
 */
function* bodyHashCandidates(rawBody: string): Generator<string> {
  // Lazily: a correctly signed request matches the first candidate and never pays for the fallbacks.
  yield sha256Hex(rawBody);
  if (rawBody === "") {
    yield sha256Hex("{}");
    return;
  }
  let reserialised: string;
  try {
    reserialised = JSON.stringify(JSON.parse(rawBody));
  } catch {
    return; // not JSON: only the raw bytes can have been signed
  }
  if (reserialised !== rawBody) yield sha256Hex(reserialised);
}

/** Deletes nonces past their retention; returns how many. Runs from request auth at most once a minute. */
export async function pruneExpiredNonces(now = Date.now()): Promise<number> {
  const client = await db();
  const { count } = await client.requestNonce.deleteMany({
    where: { createdAt: { lt: new Date(now - NONCE_RETENTION_SECONDS * 1000) } },
  });
  return count;
}

let lastPruneAt = 0;

export const nonceReused = (ocid: number, nonce: string) =>
  new AppError("NONCE_REUSED", `X-OC-Nonce "${nonce}" was already used by OCID ${ocid}: send a fresh nonce with every request.`);

/** Every authenticated request calls this: expired nonces are deleted at most once a minute. */
async function pruneNoncesNowAndThen(): Promise<void> {
  const now = Date.now();
  if (now - lastPruneAt < NONCE_PRUNE_INTERVAL_MS) return;
  lastPruneAt = now;
  await pruneExpiredNonces(now);
}

/** Records a verified request's nonce; NONCE_REUSED when it was seen before (the primary key decides). */
export async function recordNonce(ocid: number, nonce: string): Promise<void> {
  await pruneNoncesNowAndThen();
  // Every signed request writes a nonce, so this is one raw statement (a Prisma model create costs
  // about twice as much here; see README "Performance"). The primary key decides across instances.
  if (!(await (await hotPaths()).recordNonce(ocid, nonce, new Date()))) throw nonceReused(ocid, nonce);
}

/** For callers that record the nonce later, in their own transaction: refuse a replay now, before anything else. */
async function assertNonceUnused(ocid: number, nonce: string): Promise<void> {
  await pruneNoncesNowAndThen();
  if (await (await hotPaths()).isNonceUsed(ocid, nonce)) throw nonceReused(ocid, nonce);
}


/**
 * Authenticates a signed Opencharge request; use as `route({ authenticate: authenticateOpenchargeRequest })`.
 * `rawBody` must be the body exactly as received. With `recordNonce: false` a used nonce is still refused,
 * but the caller records this one itself (lib/db/hot-paths.ts) in the transaction of its state change.
 */
export async function authenticateOpenchargeRequest(
  req: SignedRequest,
  rawBody: string,
  options: { recordNonce?: boolean } = {},
): Promise<OpenchargeAuth> {
  const headers = readHeaders(req);
  checkTimestamp(headers.timestamp);
  const counterparty = await resolveCounterparty(headers.ocid);

  const paths = pathCandidates(req);
  const matches = (bodyHash: string) =>
    paths.some((path) =>
      verifyMessage(
        canonicalRequest({
          ocid: headers.idText,
          timestamp: headers.timestampText,
          nonce: headers.nonce,
          method: req.method,
          path,
          bodyHash,
        }),
        headers.signature,
        counterparty.publicKey,
      ),
    );
  let verified = false;
  for (const bodyHash of bodyHashCandidates(rawBody)) {
    if ((verified = matches(bodyHash))) break;
  }
  if (!verified) {
    throw new AppError(
      "INVALID_SIGNATURE",
      `X-OC-Signature does not verify with the public key of OCID ${headers.ocid} for this request.`,
      { details: { method: req.method, path: paths[0], bodySha256: sha256Hex(rawBody) } },
    );
  }
  if (options.recordNonce === false) await assertNonceUnused(headers.ocid, headers.nonce);
  else await recordNonce(headers.ocid, headers.nonce);
  return { ocid: headers.ocid, counterparty, nonce: headers.nonce };
}
