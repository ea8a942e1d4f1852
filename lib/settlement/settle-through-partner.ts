/**
 * Paying a merchant order through another party of the network (protocol reference §9): a gateway where
 * we hold a reserve ("partner_reserve") or a settlement provider the merchant's gateway accepts
 * ("third_party"). The user is debited exactly once and never left debited for a payment that did not
 * happen:
 *
 *  1. begin (inside the caller's transaction, with the session's move to `paying`): claim the order
 *     (`settling`, its paidKey taken), post user → nostro(the partner that pays: G, or P), write the
 *     Settlement row. Concurrent confirms: the session's and the order's guarded updates let one win.
 *  2. the hops, outside any transaction (partner-calls.ts), each answer verified before it is believed.
 *  3. completed: one transaction keeps the partner's proof (the merchant got it from the partner, who
 *     issued it and delivers it, §9), the order `paid`, the session `completed`/`paid`;
 *     failed: one transaction posts the money back (nostro → user, its own balanced posting, logged),
 *     the order `failed` (its paidKey freed: the merchant's order may be paid again), the session
 *     `failed` with the reason.
 *
 * Ambiguity (a timeout, a lost connection, a 5xx, an answer we cannot verify) is decided in the payer's
 * favour: the money goes back to the user and the session fails, and the Settlement row's `reconcile`
 * says what the operator must check with whom — the partner may have paid the merchant from our money.
 * The user never carries the partner's uncertainty; the operator does, and is told. One exception is
 * resolved on the spot: a lost answer to payment/settle is followed by GET G/verify/{txid}, and a
 * completed payment with a proof that verifies completes the settlement.
 *
 * Where the returned money comes from says where it really is: from the account that was credited, or,
 * once the provider has paid the gateway (we hold its verified proof), from nostro(G) — the gateway then
 * holds that money for us until the operator recovers it.
 *
 * A process that dies mid-way leaves the row `started`; past its deadline (longer than every hop's
 * timeout together) resolveAbandonedSettlements() fails it the same way.
 */
import type { PaymentOrder, Settlement } from "@/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { isUniqueViolation } from "@/lib/handles/claim-handle";
import { getOrCreateAccount, ocidOwner, userOwner } from "@/lib/ledger/accounts";
import { postTransaction } from "@/lib/ledger/post-transaction";
import { formatAmount } from "@/lib/money";
import { claimOrderForPayment } from "@/lib/orders/pay-order";
import { paymentPostingKey } from "@/lib/orders/payment-posting-key";
import {
  createGatewayPayment,
  HopFailure,
  requestProviderTransfer,
  requestReserveTransfer,
  settleGatewayPayment,
  settlementHopTimeoutMs,
  verifyGatewayPayment,
  type HopLogEntry,
  type OrderFacts,
  type PartnerProof,
} from "@/lib/settlement/partner-calls";
import { completeSessionOf, failSessionOf } from "@/lib/settlement/session-outcome";
import type { SettlementPath } from "@/lib/settlement/settlement-paths";

export type PartnerPath = Exclude<SettlementPath, { kind: "direct" }>;

export type PartnerSettlementOutcome =
  | { status: "completed"; settlementId: string; txid: string; proofTxid: string }
  | { status: "failed"; settlementId: string; txid: string; failureReason: string; reconcile: string | null };

/** Hops of the longest path (payment/create, transfer/create, payment/settle, verify) plus a margin. */
const MAX_HOPS = 4;
const DEADLINE_MARGIN_MS = 60_000;

/** The OCID whose nostro account the payer's debit credits: the party that pays out of what it holds for us. */
export function fundedBy(settlement: Pick<Settlement, "path" | "gatewayOcid" | "providerOcid">): number {
  return settlement.path === "third_party" && settlement.providerOcid !== null ? settlement.providerOcid : settlement.gatewayOcid;
}

/**
 * Step 1, inside the caller's transaction (which also moves the session to `paying`): claim the order,
 * debit the payer once (user → nostro), write the Settlement row. INSUFFICIENT_FUNDS rolls it all back.
 */
export async function beginPartnerSettlement(
  tx: Tx,
  options: { orderId: string; userId: string; description: string; path: PartnerPath; now: Date },
): Promise<{ settlementId: string; txid: string }> {
  const { path, now } = options;
  const { order, txid } = await claimOrderForPayment(tx, { orderId: options.orderId, userId: options.userId, status: "settling", now });
  const row = {
    path: path.kind,
    gatewayOcid: path.gateway.ocid,
    providerOcid: path.kind === "third_party" ? path.provider.ocid : null,
  };
  const payer = await getOrCreateAccount(tx, { type: "user", owner: userOwner(options.userId), currency: order.currency, userId: options.userId });
  // What the paying party holds for us goes down by the amount (nostro: negative = what it holds for us).
  const nostro = await getOrCreateAccount(tx, { type: "nostro", owner: ocidOwner(fundedBy(row)), currency: order.currency });
  const debit = await postTransaction(tx, {
    kind: "settlement_out",
    description: options.description,
    // Keyed by the order like a direct payment, so the history links it to its txid and it can happen once.
    idempotencyKey: paymentPostingKey(order.id),
    legs: [
      { accountId: payer.id, amount: -order.amountMinor },
      { accountId: nostro.id, amount: order.amountMinor },
    ],
  });
  const settlement = await tx.settlement.create({
    data: {
      ...row,
      orderId: order.id,
      userId: options.userId,
      amountMinor: order.amountMinor,
      currency: order.currency,
      debitTxId: debit.id,
      deadlineAt: new Date(now.getTime() + MAX_HOPS * settlementHopTimeoutMs() + DEADLINE_MARGIN_MS),
      createdAt: now,
    },
  });
  return { settlementId: settlement.id, txid };
}

/** Steps 2 and 3: the hops, then the settlement's end. Never throws for a partner's failure: it fails the settlement. */
export async function runPartnerSettlement(begun: { settlementId: string; txid: string }, path: PartnerPath): Promise<PartnerSettlementOutcome> {
  const client = await db();
  const settlement = await client.settlement.findUniqueOrThrow({ where: { id: begun.settlementId }, include: { order: true } });
  const facts = orderFacts(settlement.order, settlement.debitTxId);
  const log: HopLogEntry[] = [];
  let providerProof: PartnerProof | null = null;
  try {
    let proof: PartnerProof;
    if (path.kind === "partner_reserve") {
      proof = await requestReserveTransfer(path.gateway, facts, log);
    } else {
      const payment = await createGatewayPayment(path.gateway, path.provider, facts, log);
      await recordProgress(settlement.id, { gatewayPaymentTxid: payment.txid, hopLog: JSON.stringify(log) });
      providerProof = await requestProviderTransfer(path.provider, path.gateway, payment, facts, log);
      await recordProgress(settlement.id, {
        providerProofJson: JSON.stringify(providerProof.proof),
        providerSignature: providerProof.signature,
        hopLog: JSON.stringify(log),
      });
      try {
        proof = await settleGatewayPayment(path.gateway, payment, providerProof, facts, log);
      } catch (error) {
        if (!(error instanceof HopFailure && error.kind === "unknown")) throw error;
        // The settle's answer was lost or unusable: ask the gateway what became of its payment.
        proof = await verifyGatewayPayment(path.gateway, payment, facts, log).catch(() => {
          throw error;
        });
      }
    }
    return await completeSettlement(settlement, begun.txid, proof, log);
  } catch (error) {
    let failure =
      error instanceof HopFailure
        ? error
        : new HopFailure("unknown", log.at(-1)?.hop ?? "transfer/create", path.gateway.ocid, `the payment stopped on an internal error (${errorText(error)})`);
    // payment/create moves no money, whatever became of its answer: nothing to reconcile.
    if (failure.kind === "unknown" && failure.hop === "payment/create") failure = new HopFailure("refused", failure.hop, failure.partnerOcid, failure.message);
    if (!(error instanceof HopFailure)) console.error(`[settlement] ${settlement.id}: unexpected error`, error);
    // Once the provider's proof is verified the money has left the provider: it is at the gateway.
    const moneyAt = providerProof ? path.gateway.ocid : fundedBy(settlement);
    return failSettlement(settlement, begun.txid, failure, log, moneyAt);
  }
}

async function completeSettlement(settlement: Settlement, txid: string, proof: PartnerProof, log: HopLogEntry[]): Promise<PartnerSettlementOutcome> {
  const now = new Date();
  try {
    const completed = await inTransaction(undefined, async (tx) => {
      const updated = await tx.settlement.updateMany({
        where: { id: settlement.id, status: "started" },
        data: {
          status: "completed",
          proofTxid: proof.txid,
          proofJson: JSON.stringify(proof.proof),
          proofSignature: proof.signature,
          hopLog: JSON.stringify(log),
          completedAt: now,
        },
      });
      if (updated.count !== 1) return false;
      await tx.paymentOrder.updateMany({ where: { id: settlement.orderId, status: "settling" }, data: { status: "paid", paidAt: now } });
      await completeSessionOf(tx, settlement.orderId);
      return true;
    });
    if (completed) return { status: "completed", settlementId: settlement.id, txid, proofTxid: proof.txid };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The partner answered with a proof it already gave for another of our payments: not a payment.
    const failure = new HopFailure("unknown", log.at(-1)?.hop ?? "transfer/create", settlement.gatewayOcid, `its proof ${proof.txid} was already used for another payment`);
    return failSettlement(settlement, txid, failure, log, settlement.gatewayOcid);
  }
  // Resolved by someone else meanwhile (the sweep, past the deadline): the payer already has the money back.
  const current = await (await db()).settlement.findUniqueOrThrow({ where: { id: settlement.id } });
  const note = `The partner completed the payment after it had been failed and the payer refunded: its proof ${proof.txid} (${current.reconcile ?? "no earlier note"}).`;
  await (await db()).settlement.update({ where: { id: settlement.id }, data: { reconcile: note, proofJson: JSON.stringify(proof.proof), proofSignature: proof.signature } });
  console.error(`[settlement] ${settlement.id}: ${note}`);
  return { status: "failed", settlementId: settlement.id, txid, failureReason: current.failureReason ?? "The payment failed.", reconcile: note };
}

/**
 * Fails a started settlement: the money goes back to the payer from nostro(`moneyAt`) (a balanced
 * posting of its own), the order and the session fail with the reason, and the reconciliation note says
 * what the operator must check. Exactly once: the row's guarded update decides.
 */
export async function failSettlement(
  settlement: Settlement,
  txid: string,
  failure: HopFailure,
  log: HopLogEntry[],
  moneyAt: number,
): Promise<PartnerSettlementOutcome> {
  const partnerFunded = fundedBy(settlement);
  const amount = `${formatAmount(settlement.amountMinor, settlement.currency)} ${settlement.currency}`;
  const failureReason = `The payment through OCID ${failure.partnerOcid} failed: ${failure.message}. Your ${amount} ${
    failure.kind === "unknown" ? "was returned to your wallet." : "was returned to your wallet; nothing was paid."
  }`;
  const reconcile =
    failure.kind === "unknown"
      ? `Outcome unknown at ${failure.hop} (OCID ${failure.partnerOcid}): it may have paid from our money (${amount}, our reference ${settlement.debitTxId}${
          settlement.gatewayPaymentTxid ? `, gateway payment ${settlement.gatewayPaymentTxid}` : ""
        }) although the payer was refunded; check with OCID ${failure.partnerOcid}.`
      : moneyAt !== partnerFunded
        ? `Provider ${partnerFunded} paid gateway ${moneyAt} ${amount} for payment ${settlement.gatewayPaymentTxid ?? "?"}, which the gateway refused to settle; recover it from OCID ${moneyAt}.`
        : null;
  const now = new Date();
  const failed = await inTransaction(undefined, async (tx) => {
    const updated = await tx.settlement.updateMany({
      where: { id: settlement.id, status: "started" },
      data: { status: "failed", failureReason, reconcile, hopLog: JSON.stringify(log), completedAt: now },
    });
    if (updated.count !== 1) return null;
    const payer = await getOrCreateAccount(tx, { type: "user", owner: userOwner(settlement.userId), currency: settlement.currency, userId: settlement.userId });
    const source = await getOrCreateAccount(tx, { type: "nostro", owner: ocidOwner(moneyAt), currency: settlement.currency });
    const reversal = await postTransaction(tx, {
      kind: "settlement_reversal",
      description: "Returned: a payment that did not go through",
      idempotencyKey: `settlement_reversal:${settlement.id}`,
      legs: [
        { accountId: source.id, amount: -settlement.amountMinor },
        { accountId: payer.id, amount: settlement.amountMinor },
      ],
    });
    await tx.settlement.update({ where: { id: settlement.id }, data: { reversalTxId: reversal.id } });
    await tx.paymentOrder.updateMany({ where: { id: settlement.orderId, status: "settling" }, data: { status: "failed", paidKey: null } });
    await failSessionOf(tx, settlement.orderId, failureReason);
    return reversal.id;
  });
  if (failed === null) {
    const current = await (await db()).settlement.findUniqueOrThrow({ where: { id: settlement.id } });
    if (current.status === "completed") return { status: "completed", settlementId: settlement.id, txid, proofTxid: current.proofTxid ?? "" };
    return { status: "failed", settlementId: settlement.id, txid, failureReason: current.failureReason ?? failureReason, reconcile: current.reconcile };
  }
  console.warn(
    `[settlement] ${settlement.id} (${settlement.path}) failed at ${failure.hop} (${failure.kind}): ${failure.message}; ${amount} returned to the payer (posting ${failed})${
      reconcile ? `; reconcile: ${reconcile}` : ""
    }`,
  );
  return { status: "failed", settlementId: settlement.id, txid, failureReason, reconcile };
}

async function recordProgress(settlementId: string, data: Partial<Pick<Settlement, "gatewayPaymentTxid" | "providerProofJson" | "providerSignature" | "hopLog">>) {
  await (await db()).settlement.updateMany({ where: { id: settlementId, status: "started" }, data });
}

function orderFacts(order: PaymentOrder, fromReference: string): OrderFacts {
  let orderUrls: string[] = [];
  try {
    const urls = order.urlsJson ? (JSON.parse(order.urlsJson) as { order?: unknown }) : {};
    if (Array.isArray(urls.order)) orderUrls = urls.order.filter((url): url is string => typeof url === "string");
  } catch {
    // Stored by our own intake as JSON; an unreadable value only means no URLs to pass on.
  }
  return {
    merchantOcid: order.merchantOcid,
    merchantOrderId: order.merchantOrderId,
    amount: order.amount,
    currency: order.currency,
    orderUrls,
    fromReference,
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
}
