/**
 * Verifying a transfer proof that reached us (protocol reference §8.1 format, §8.3 checks), for
 * /transfer/webhook and for the proofs partners and settlement providers hand us. The checks, in order:
 *  1. the body is `{proof, signature}` with every required field of a proof (else 400 INVALID_PROOF);
 *  2. the issuer is one we accept (OPENCHARGE_SETTLEMENT_ACCEPTS, or the caller's own list; else 400
 *     ISSUER_NOT_ACCEPTED) — decided before its key is fetched, so a stranger's proof never makes us
 *     fetch anything;
 *  3. the issuer's metadata resolves (502 METADATA_UNAVAILABLE) and the signature verifies over the
 *     canonical proof in either canonical form (§5; else 400 PROOF_SIGNATURE_INVALID);
 *  4. `to.ocid` is the party it must pay (us, by default; else 400 INVALID_PROOF);
 *  5. the amount is a positive decimal of a currency we hold (else 400 INVALID_PROOF).
 * Replays (step 9 of §8.3) are refused by the caller's store, once per issuer and txid.
 */
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import { parsePositiveAmount } from "@/lib/money";
import { getGatewayIdentity } from "@/lib/opencharge/identity";
import { resolveCounterparty } from "@/lib/opencharge/resolver";
import { verifySignedObject } from "@/lib/opencharge/signed-objects";

const ocid = z.number().int().positive().max(2_147_483_647);
const party = z.object({ ocid, reference: z.string().max(200).optional() });

export const proofSchema = z.object({
  txid: z.string().min(1).max(200),
  issuer: ocid,
  from: party,
  to: party,
  amount: z.string().min(1).max(40),
  currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code"),
  timestamp: z.number().int().nonnegative(),
  memo: z.string().max(500).optional(),
});

export type ReceivedProof = z.infer<typeof proofSchema>;

export type VerifiedProof = {
  proof: ReceivedProof;
  /** The proof exactly as received: what its signature covers, and what we store. */
  rawProof: unknown;
  signature: string;
  amountMinor: bigint;
};

const bodySchema = z.object({ proof: z.unknown(), signature: z.string().min(1).max(200) });

export async function verifyReceivedProof(
  body: unknown,
  options: { acceptedIssuers: readonly number[]; payee?: number },
): Promise<VerifiedProof> {
  const envelope = bodySchema.safeParse(body);
  if (!envelope.success) throw invalid('The body must be {"proof": {…}, "signature": "…"}.');
  const parsed = proofSchema.safeParse(envelope.data.proof);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`The proof is malformed: ${issue ? `${issue.path.join(".") || "proof"} ${issue.message}` : "invalid"}.`);
  }
  const proof = parsed.data;
  if (!options.acceptedIssuers.includes(proof.issuer)) {
    throw new AppError("ISSUER_NOT_ACCEPTED", `We do not accept proofs issued by OCID ${proof.issuer}.`, { details: { issuer: proof.issuer } });
  }
  let publicKey: string;
  try {
    publicKey = (await resolveCounterparty(proof.issuer)).publicKey;
  } catch (error) {
    // An accepted issuer we cannot resolve is our configuration's fault or its outage, not a bad proof.
    if (isAppError(error) && error.code === "UNKNOWN_OCID") {
      throw new AppError("METADATA_UNAVAILABLE", `The issuer ${proof.issuer} cannot be resolved to check its signature.`, { details: { issuer: proof.issuer } });
    }
    throw error;
  }
  if (verifySignedObject(envelope.data.proof, envelope.data.signature, publicKey) === null) {
    throw new AppError("PROOF_SIGNATURE_INVALID", `The proof's signature does not verify with the key of issuer ${proof.issuer}.`, {
      details: { issuer: proof.issuer, txid: proof.txid },
    });
  }
  const payee = options.payee ?? getGatewayIdentity().ocid;
  if (proof.to.ocid !== payee) {
    throw invalid(`The proof pays OCID ${proof.to.ocid}, not ${payee}.`, { to: proof.to.ocid });
  }
  let amountMinor: bigint;
  try {
    amountMinor = parsePositiveAmount(proof.amount, proof.currency);
  } catch (error) {
    throw invalid(`The proof's amount "${proof.amount}" ${proof.currency} is not a positive amount of a currency we hold${isAppError(error) ? ` (${error.message})` : ""}.`);
  }
  return { proof, rawProof: envelope.data.proof, signature: envelope.data.signature, amountMinor };
}

function invalid(message: string, details?: Record<string, unknown>): AppError {
  return new AppError("INVALID_PROOF", message, details ? { details } : undefined);
}
