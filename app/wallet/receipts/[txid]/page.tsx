import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OrderSummary } from "@/components/pay/order-summary";
import { requireSessionUser } from "@/lib/auth/current-user";
import { BackToWallet } from "@/components/wallet/back-to-wallet";
import { AppError } from "@/lib/errors";
import { getReceiptForUserOrThrow, type Receipt } from "@/lib/wallet/get-receipt";

export const metadata: Metadata = { title: "Receipt" };
export const dynamic = "force-dynamic";

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
      </section>
    </main>
  );
}
