/**
 * POST /opencharge/transfer/create from a partner gateway that keeps a reserve with us (§7.6, the partner
 * reserve path of §9 seen from our side). The request is authenticated by its sender (the route); then:
 *  - `from.ocid` must be the sender: a partner debits only its own reserve (else 401 UNAUTHORIZED);
 *  - it must hold a reserve with us in that currency (partner:add; else 401 UNAUTHORIZED);
 *  - `to` names the recipient: us (`to.reference` or `order.id` = a payment request, a user's email or
 *    handle, one of our merchants' handles) or another OCID we can resolve (a merchant or gateway we then
 *    owe, and to which we deliver our proof); otherwise 400 ACCOUNT_NOT_FOUND.
 * ONE transaction debits the reserve (402 INSUFFICIENT_FUNDS beyond its balance and credit limit), credits
 * the recipient, records the transfer with our signed proof and, for another OCID, enqueues the proof's
 * delivery to its /transfer/webhook in the one outbox. The answer is `{proof, signature}`, signed by us.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { inTransaction } from "@/lib/db/transaction";
import { enqueueDelivery } from "@/lib/deliveries/enqueue-delivery";
import { kickDeliveryWorker } from "@/lib/deliveries/worker";
import { AppError, isAppError } from "@/lib/errors";
import { getOrCreateAccount, ocidOwner } from "@/lib/ledger/accounts";
import { postTransaction } from "@/lib/ledger/post-transaction";
import { parsePositiveAmount } from "@/lib/money";
import { creditLocalRecipient, findLocalRecipient, type LocalRecipient } from "@/lib/network/local-recipient";
import { findCounterpartySource } from "@/lib/opencharge/counterparty-sources";
import { getGatewayIdentity } from "@/lib/opencharge/identity";
import { resolveCounterparty } from "@/lib/opencharge/resolver";
import { signObject } from "@/lib/opencharge/signed-objects";
import { pickSigningProfile, signObjectForProfile, SPEC_SIGNING_PROFILE } from "@/lib/opencharge/signing-profile";

const ocid = z.number().int().positive().max(2_147_483_647);

export const createTransferBody = z.object({
  from: z.object({ ocid, reference: z.string().max(200).optional() }),
  to: z.object({ ocid, reference: z.string().max(200).optional() }),
  amount: z.string().min(1).max(40),
  currency: z.string().min(1).max(16),
  memo: z.string().max(500).optional(),
  order: z.object({ id: z.string().min(1).max(200), urls: z.array(z.string().max(2000)).max(10).optional() }).optional(),
});
export type CreateTransferInput = z.infer<typeof createTransferBody>;

export type IssuedProof = {
  txid: string;
  issuer: number;
  from: { ocid: number; reference?: string };
  to: { ocid: number; reference?: string };
  amount: string;
  currency: string;
  timestamp: number;
  memo?: string;
};

export async function createTransfer(options: { partnerOcid: number; input: CreateTransferInput; now?: Date }): Promise<{ proof: IssuedProof; signature: string }> {
  const { partnerOcid, input } = options;
  const now = options.now ?? new Date();
  const us = getGatewayIdentity().ocid;
  if (input.from.ocid !== partnerOcid) {
    throw new AppError("UNAUTHORIZED", `You (OCID ${partnerOcid}) may only debit your own reserve, not OCID ${input.from.ocid}'s.`);
  }
  const currency = input.currency.trim().toUpperCase();
  const amountMinor = parsePositiveAmount(input.amount, currency); // 400 INVALID_AMOUNT / UNSUPPORTED_CURRENCY
  const reference = input.to.reference ?? input.order?.id;
  if (input.to.ocid !== us) await resolveExternalRecipient(input.to.ocid);

  const partnerName = await resolveCounterparty(partnerOcid).then((c) => c.name, () => `OCID ${partnerOcid}`);
  const txid = `oc_${randomBytes(16).toString("hex")}`;
  const proof: IssuedProof = {
    txid,
    issuer: us,
    from: { ocid: partnerOcid, ...(input.from.reference ? { reference: input.from.reference } : {}) },
    to: { ocid: input.to.ocid, ...(reference ? { reference } : {}) },
    // Copied verbatim: receivers compare amount and currency as strings (reference §6).
    amount: input.amount,
    currency,
    timestamp: Math.floor(now.getTime() / 1000),
    ...(input.memo ? { memo: input.memo } : {}),
  };
  const signature = signObject(proof);

  const outcome = await inTransaction(undefined, async (tx) => {
    const reserve = await tx.ledgerAccount.findUnique({ where: { type_owner_currency: { type: "reserve", owner: ocidOwner(partnerOcid), currency } } });
    if (!reserve) throw new AppError("UNAUTHORIZED", `OCID ${partnerOcid} holds no ${currency} reserve with us.`);
    let recipient: LocalRecipient | null = null;
    let credit: { creditedTo: string; callbackEnqueued: boolean };
    if (input.to.ocid === us) {
      recipient = await findLocalRecipient(tx, reference);
      credit = await creditLocalRecipient(tx, {
        recipient,
        sourceAccountId: reserve.id,
        amountMinor,
        currency,
        txid,
        payerOcid: partnerOcid,
        kind: "partner_transfer",
        description: `Received from ${partnerName}`,
        now,
      });
    } else {
      // We now owe the recipient (as after a direct settlement) and tell it with our proof.
      const payee = await getOrCreateAccount(tx, { type: "merchant", owner: ocidOwner(input.to.ocid), currency });
      await postTransaction(tx, {
        kind: "partner_transfer",
        description: `Transfer from ${partnerName} to OCID ${input.to.ocid}`,
        idempotencyKey: `partner_transfer:${partnerOcid}:${txid}`,
        legs: [
          { accountId: reserve.id, amount: -amountMinor },
          { accountId: payee.id, amount: amountMinor },
        ],
      });
      const settings = await findCounterpartySource(input.to.ocid, tx);
      const profile = settings ? pickSigningProfile(settings) : SPEC_SIGNING_PROFILE;
      await enqueueDelivery(tx, {
        kind: "transfer.webhook",
        targetOcid: input.to.ocid,
        path: "/transfer/webhook",
        body: JSON.stringify({ proof, signature: signObjectForProfile(proof, profile) }),
        proofTxid: txid,
        now,
      });
      credit = { creditedTo: "counterparty", callbackEnqueued: true };
    }
    await tx.issuedTransfer.create({
      data: {
        txid,
        partnerOcid,
        fromReference: input.from.reference ?? null,
        toOcid: input.to.ocid,
        toReference: reference ?? null,
        amountMinor,
        currency,
        creditedTo: credit.creditedTo,
        userId: recipient?.kind === "user" ? recipient.userId : null,
        paymentRequestId: recipient?.kind === "payment_request" ? recipient.request.id : null,
        merchantId: recipient?.kind === "merchant" ? recipient.merchantId : null,
        proofJson: JSON.stringify(proof),
        signature,
        createdAt: now,
      },
    });
    return credit;
  });
  if (outcome.callbackEnqueued) kickDeliveryWorker();
  return { proof, signature };
}

/** Another OCID receives money only when we can reach it to deliver the proof. */
async function resolveExternalRecipient(ocid: number): Promise<void> {
  try {
    await resolveCounterparty(ocid);
  } catch (error) {
    if (isAppError(error) && (error.code === "UNKNOWN_OCID" || error.code === "METADATA_UNAVAILABLE")) {
      throw new AppError("ACCOUNT_NOT_FOUND", `OCID ${ocid} is not a counterparty we can pay (${error.code === "UNKNOWN_OCID" ? "unknown" : "its metadata is unavailable"}).`, {
        details: { ocid },
      });
    }
    throw error;
  }
}
