import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { cache } from "react";
import { OrderSummary } from "@/components/pay/order-summary";
import { CopyButton } from "@/components/ui/copy-button";
import { BackToWallet, BackToWalletEnd } from "@/components/wallet/back-to-wallet";
import { ReceiptActions } from "@/components/wallet/receipt-actions";
import { getSessionUser, requireSessionUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { formatMoney } from "@/lib/i18n/format";
import { getMovementReceiptForUserOrThrow, type MovementReceipt } from "@/lib/wallet/get-receipt";
import "../../money.css";

export const dynamic = "force-dynamic";

/** The user's receipt, or null when it is not theirs or does not exist (the same 404 either way). */
const findReceipt = cache(async (id: string, userId: string): Promise<MovementReceipt | null> => {
  try {
    return await getMovementReceiptForUserOrThrow({ id, userId });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
});

type Translate = (key: string, values?: Record<string, string>) => string;

/** The receipt's one-line title: "Payment to Corner Coffee", "Sent to @bob", "Top-up" … */
function receiptTitle(t: Translate, receipt: MovementReceipt): string {
  const party = receipt.counterparty;
  const name = party?.kind === "merchant" ? party.name : party?.kind === "user" ? `@${party.handle}` : party?.kind === "network" ? `OCID ${party.ocid}` : "";
  switch (receipt.kind) {
    case "topup":
      return t("title.topup");
    case "payment":
    case "request_payment":
      return t("title.payment", { name });
    case "reservation":
      return t("title.reservation", { name });
    case "refund":
      return t("title.refund", { name });
    case "transfer_sent":
      return t("title.transferSent", { name });
    case "transfer_received":
      return t("title.transferReceived", { name });
    case "payout":
      return name ? t("title.payout", { name }) : t("title.payoutPlain");
    case "network_in":
      return name ? t("title.networkIn", { name }) : t("title.networkInPlain");
    case "returned":
      return t("title.returned");
    case "declined":
      return t("title.declined", { name });
    case "expired":
      return t("title.expired", { name });
    case "other":
      return receipt.description ?? t("heading");
  }
}

export async function generateMetadata({ params }: { params: Promise<{ txid: string }> }): Promise<Metadata> {
  const t = await getTranslations("wallet.receipt");
  const user = await getSessionUser();
  const receipt = user ? await findReceipt((await params).txid, user.id) : null;
  if (user && !receipt) return { title: t("notFoundTitle") };
  if (!receipt) return { title: t("heading") };
  const locale = await getLocale();
  return { title: t("pageTitle", { what: receiptTitle(t, receipt), amount: formatMoney(locale, receipt.amount, receipt.currency) }) };
}

const ACKNOWLEDGEMENT_CLASS = { acknowledged: "muted small", partner: "muted small", pending: "muted small", refused: "alert alert-error", unreachable: "alert alert-error" } as const;

export default async function ReceiptPage({ params }: { params: Promise<{ txid: string }> }) {
  const { txid } = await params;
  const user = await requireSessionUser(`/wallet/receipts/${encodeURIComponent(txid)}`);
  const receipt = await findReceipt(txid, user.id);
  if (!receipt) notFound();
  const t = await getTranslations("wallet.receipt");
  const format = await getFormatter();
  const locale = await getLocale();
  const title = receiptTitle(t, receipt);
  const money = formatMoney(locale, receipt.amount, receipt.currency);
  const sign = receipt.direction === "in" ? "+" : receipt.direction === "out" ? "−" : "";
  const party = receipt.counterparty;
  const statusText = {
    completed: t("status.completed"),
    reserved: t("status.reserved"),
    released: t("status.released"),
    declined: t("status.declined"),
    expired: t("status.expired"),
  }[receipt.status];

  return (
    <main className="page stack receipt-page">
      <div className="no-print">
        <BackToWallet />
      </div>
      <h1>{t("heading")}</h1>
      <section className="card stack receipt" aria-labelledby="receipt-title">
        <h2 id="receipt-title" className="receipt-title">
          {title}
        </h2>
        <p className={`money-amount${receipt.direction === "none" ? " receipt-amount-none" : ""}`} data-testid="receipt-amount">
          {sign}
          {money}
        </p>
        <p>
          <span className={`status-badge ${receipt.status === "completed" ? "status-done" : receipt.status === "reserved" ? "status-open" : "status-ended"}`} data-testid="receipt-status">
            {statusText}
          </span>
        </p>
        {receipt.direction === "none" ? <p className="muted small">{t("noMoneyMoved")}</p> : null}
        {receipt.order && party?.kind === "merchant" && party.ocid !== undefined ? (
          <OrderSummary merchant={{ name: party.name, ocid: party.ocid, icon: receipt.merchant?.icon ?? null }} order={receipt.order} />
        ) : null}
        <dl className="money-facts">
          {party ? (
            <>
              <dt>{receipt.direction === "in" ? t("from") : t("to")}</dt>
              <dd data-testid="receipt-counterparty">
                {party.kind === "merchant" ? (
                  <>
                    {party.name}
                    {party.handle ? <span className="muted"> @{party.handle}</span> : null}
                  </>
                ) : party.kind === "user" ? (
                  <>
                    {party.name ? `${party.name} ` : null}
                    <strong>@{party.handle}</strong>
                  </>
                ) : party.kind === "operator" ? (
                  t("operator")
                ) : (
                  t("network", { ocid: String(party.ocid) })
                )}
              </dd>
            </>
          ) : null}
          {receipt.memo ? (
            <>
              <dt>{t("memo")}</dt>
              <dd>{receipt.memo}</dd>
            </>
          ) : null}
          <dt>{t("when")}</dt>
          <dd>
            <time dateTime={receipt.at}>{format.dateTime(new Date(receipt.at), { dateStyle: "long", timeStyle: "short" })}</time>
          </dd>
          {receipt.source ? (
            <>
              <dt>{t("how")}</dt>
              <dd>{receipt.source === "checkout" ? t("sourceCheckout") : t("sourceQr")}</dd>
            </>
          ) : null}
          {receipt.order ? (
            <>
              <dt>{t("order")}</dt>
              <dd className="mono">{receipt.order.id}</dd>
            </>
          ) : null}
          <dt id="receipt-txid-label">{receipt.direction === "none" ? t("reference") : t("transaction")}</dt>
          <dd>
            <span className="mono" data-testid="receipt-txid">
              {receipt.txid}
            </span>
          </dd>
        </dl>
        <div className="money-copy no-print" style={{ justifyContent: "flex-start" }}>
          <CopyButton text={receipt.txid} label={t("copyTxid")} what={t("txidWhat")} isSmall describedBy="receipt-txid-label" />
        </div>
        {receipt.merchantAcknowledgement ? (
          <p className={ACKNOWLEDGEMENT_CLASS[receipt.merchantAcknowledgement]} data-testid="receipt-acknowledgement" data-status={receipt.merchantAcknowledgement}>
            {t(`acknowledgement.${receipt.merchantAcknowledgement}`)}
          </p>
        ) : null}
        {receipt.paymentRequestId ? (
          <p className="no-print">
            <Link href={`/pay/${receipt.paymentRequestId}`}>{t("requestDetails")}</Link>
          </p>
        ) : null}
      </section>
      <ReceiptActions title={title} />
      <div className="no-print">
        <BackToWalletEnd />
      </div>
    </main>
  );
}
