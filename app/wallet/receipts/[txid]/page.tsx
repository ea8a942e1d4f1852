import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OrderSummary } from "@/components/pay/order-summary";
import { requireSessionUser } from "@/lib/auth/current-user";
import { BackToWallet } from "@/components/wallet/back-to-wallet";
import { AppError } from "@/lib/errors";
import { getReceiptForUserOrThrow, type MerchantAcknowledgement, type Receipt } from "@/lib/wallet/get-receipt";

export const metadata: Metadata = { title: "Receipt" };
export const dynamic = "force-dynamic";

/** What the payer is told about the merchant's acknowledgement of the payment (the payment stands either way). */
const ACKNOWLEDGEMENT_TEXT: Record<MerchantAcknowledgement, { text: string; className: string }> = {
  acknowledged: { text: "The merchant has confirmed receipt of this payment.", className: "muted small" },
  pending: { text: "The merchant has not confirmed receipt yet.", className: "muted small" },
  refused: { text: "The merchant did not accept the payment confirmation; the operator has been told.", className: "alert alert-error" },
  unreachable: { text: "The merchant could not be reached to confirm this payment; the operator has been told.", className: "alert alert-error" },
};

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default async function ReceiptPage({ params }: { params: Promise<{ txid: string }> }) {
  const { txid } = await params;
  const user = await requireSessionUser(`/wallet/receipts/${txid}`);
  let receipt: Receipt;
  try {
    receipt = await getReceiptForUserOrThrow({ txid, userId: user.id });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return (
    <main className="page stack">
      <BackToWallet />
      <h1>Receipt</h1>
      <section className="card stack receipt">
        <OrderSummary merchant={receipt.merchant} order={receipt.order} />
        <dl>
          <dt>Paid to</dt>
          <dd>{receipt.merchant.name}</dd>
          <dt>Paid on</dt>
          <dd>
            <time dateTime={new Date(receipt.paidAt * 1000).toISOString()}>{dateFormat.format(new Date(receipt.paidAt * 1000))} UTC</time>
          </dd>
          <dt>Order</dt>
          <dd>{receipt.order.id}</dd>
          <dt>Transaction</dt>
          <dd data-testid="receipt-txid">{receipt.txid}</dd>
        </dl>
        <p
          className={ACKNOWLEDGEMENT_TEXT[receipt.merchantAcknowledgement].className}
          data-testid="receipt-acknowledgement"
          data-status={receipt.merchantAcknowledgement}
        >
          {ACKNOWLEDGEMENT_TEXT[receipt.merchantAcknowledgement].text}
        </p>
      </section>
    </main>
  );
}
