/**
 * POST /opencharge/transfer/webhook: money reaching us from the Opencharge network. The request is
 * authenticated by its sender (X-OC-*, by the route); the proof is verified as received-proof.ts says;
 * then ONE transaction credits, once per (issuer, txid) forever:
 *  - `to.reference` = a payment request id (`pr_…`) → the request (receive-network-payment.ts decides its
 *    status: DONE, INCOMPLETE, OVERPAID, EARLY, LATE or ERROR);
 *  - `to.reference` = an email or a handle (`@ada` or `ada`) → that wallet user, or our merchant with
 *    that handle (local-recipient.ts).
 * Where the money comes from is explicit: the issuer's nostro account (what the issuer now holds for us),
 * so every credit is a balanced posting. A txid already received → 200 `{status: "rejected"}`, nothing
 * credited, also when the same proof races itself (the unique key decides). An unknown reference → 400
 * ACCOUNT_NOT_FOUND with nothing stored: the sender keeps its money and may send it elsewhere.
 */
import type { Tx } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { kickDeliveryWorker } from "@/lib/deliveries/worker";
import { isUniqueViolation } from "@/lib/handles/claim-handle";
import { getOrCreateAccount, ocidOwner } from "@/lib/ledger/accounts";
import { acceptedIssuers } from "@/lib/opencharge/capabilities";
import { resolveCounterparty } from "@/lib/opencharge/resolver";
import { verifyReceivedProof, type VerifiedProof } from "@/lib/network/received-proof";
import { creditLocalRecipient, findLocalRecipient } from "@/lib/network/local-recipient";

export type WebhookAnswer = { status: "accepted" | "rejected"; txid: string; message?: string };

export async function receiveTransfer(options: { body: unknown; senderOcid: number; now?: Date }): Promise<WebhookAnswer> {
  const now = options.now ?? new Date();
  const verified = await verifyReceivedProof(options.body, { acceptedIssuers: acceptedIssuers() });
  const { proof } = verified;
  const issuerName = await resolveCounterparty(proof.issuer).then((c) => c.name, () => `OCID ${proof.issuer}`);
  try {
    const outcome = await inTransaction(undefined, async (tx) => {
      const seen = await tx.receivedProof.findUnique({ where: { issuer_txid: { issuer: proof.issuer, txid: proof.txid } }, select: { id: true } });
      if (seen) return { answer: duplicate(proof.txid), callbackEnqueued: false };
      return creditProof(tx, { verified, senderOcid: options.senderOcid, issuerName, now });
    });
    if (outcome.callbackEnqueued) kickDeliveryWorker();
    return outcome.answer;
  } catch (error) {
    // The same proof committed by a concurrent request a moment earlier.
    if (isUniqueViolation(error)) return duplicate(proof.txid);
    throw error;
  }
}

const duplicate = (txid: string): WebhookAnswer => ({ status: "rejected", txid, message: "This proof was already received; it is credited once." });

async function creditProof(
  tx: Tx,
  options: { verified: VerifiedProof; senderOcid: number; issuerName: string; now: Date },
): Promise<{ answer: WebhookAnswer; callbackEnqueued: boolean }> {
  const { verified, now } = options;
  const { proof, amountMinor } = verified;
  const recipient = await findLocalRecipient(tx, proof.to.reference);
  const source = await getOrCreateAccount(tx, { type: "nostro", owner: ocidOwner(proof.issuer), currency: proof.currency });
  const description = `Received from ${options.issuerName}`;
  const credit = await creditLocalRecipient(tx, {
    recipient,
    sourceAccountId: source.id,
    amountMinor,
    currency: proof.currency,
    txid: proof.txid,
    payerOcid: proof.issuer,
    kind: "network_in",
    description: proof.memo && recipient.kind === "user" ? `${description}: ${proof.memo.slice(0, 200)}` : description,
    now,
  });
  await tx.receivedProof.create({
    data: {
      issuer: proof.issuer,
      txid: proof.txid,
      senderOcid: options.senderOcid,
      proofJson: JSON.stringify(verified.rawProof),
      signature: verified.signature,
      amountMinor,
      currency: proof.currency,
      creditedTo: credit.creditedTo,
      userId: recipient.kind === "user" ? recipient.userId : null,
      paymentRequestId: recipient.kind === "payment_request" ? recipient.request.id : null,
      requestStatus: credit.requestStatus,
      ledgerTxId: credit.ledgerTxId,
      createdAt: now,
    },
  });
  const message = credit.creditedTo === "suspense" ? "Received; the payment request cannot take it, so it is held for the operator." : undefined;
  return { answer: { status: "accepted", txid: proof.txid, ...(message ? { message } : {}) }, callbackEnqueued: credit.callbackEnqueued };
}
