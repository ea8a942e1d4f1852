/**
 * GET /opencharge/verify/{txid} (Merchant Gateway API; public): what became of a transfer we issued — a
 * payment to one of our merchants' requests through us (payment/create … settle), a transfer we executed
 * for a partner (transfer/create), or a payment from our wallet (the QR flow and the checkout). Txids are
 * 128 random bits, so the answer reveals nothing to someone who does not already hold one.
 *  → `{status: "completed", proof, signature}` | `{status: "pending", txid, amount, currency, createdAt,
 *    expiresAt}` | `{status: "expired", txid}`; an unknown txid → 404 TXID_NOT_FOUND.
 */
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatAmount } from "@/lib/money";
import { expireNetworkPayment } from "@/lib/network/merchant-gateway/settle-network-payment";

export type VerifyAnswer =
  | { status: "completed"; proof: unknown; signature: string }
  | { status: "pending"; txid: string; amount: string; currency: string; createdAt: number; expiresAt: number }
  | { status: "expired"; txid: string };

const unix = (date: Date) => Math.floor(date.getTime() / 1000);

export async function verifyTxid(options: { txid: string; now?: Date }): Promise<VerifyAnswer> {
  const now = options.now ?? new Date();
  const { txid } = options;
  const client = await db();
  let payment = await client.networkPayment.findUnique({ where: { txid } });
  if (payment?.status === "pending_settlement" && payment.expiresAt <= now) {
    await expireNetworkPayment(txid, now);
    payment = await client.networkPayment.findUnique({ where: { txid } });
  }
  if (payment) {
    if (payment.status === "completed" && payment.proofJson && payment.signature) {
      return { status: "completed", proof: JSON.parse(payment.proofJson), signature: payment.signature };
    }
    if (payment.status === "pending_settlement") {
      return {
        status: "pending",
        txid,
        amount: formatAmount(payment.amountMinor, payment.currency),
        currency: payment.currency,
        createdAt: unix(payment.createdAt),
        expiresAt: unix(payment.expiresAt),
      };
    }
    return { status: "expired", txid };
  }
  const issued = await client.issuedTransfer.findUnique({ where: { txid }, select: { proofJson: true, signature: true } });
  if (issued) return { status: "completed", proof: JSON.parse(issued.proofJson), signature: issued.signature };
  const paid = await client.transferProof.findUnique({ where: { txid }, select: { proofJson: true, signature: true } });
  if (paid) return { status: "completed", proof: JSON.parse(paid.proofJson), signature: paid.signature };
  throw new AppError("TXID_NOT_FOUND", "No transfer with this txid was issued here.");
}
