import type { Metadata } from "next";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { PAYABLE_STATUSES, payerStatus } from "@/components/pay/payer-status";
import { isZeroAmount } from "@/components/pay/yours";
import { BackToWallet, BackToWalletEnd } from "@/components/wallet/back-to-wallet";
import { requireSessionUser } from "@/lib/auth/current-user";
import { displayHandle } from "@/lib/handles/handle-rules";
import { formatMoney } from "@/lib/i18n/format";
import { listPayerPaymentRequests } from "@/lib/payment-requests/list-payer-payment-requests";
import { getUserProfile } from "@/lib/users/get-user-profile";
import { getBalances } from "@/lib/wallet/get-balances";
import type { PayerViewJson, YoursJson } from "@/lib/payment-requests/payment-request-view";
import { RequestToPayActions } from "./request-to-pay-actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("wallet.requests");
  return { title: t("title") };
}
export const dynamic = "force-dynamic";

/**
 * `/wallet/requests`: payment requests that merchants addressed to this user by their handle (request to
 * pay), newest first, each with "Pay" and "Decline" while it is open. Read on the server; the actions are
 * client parts that refresh this page after they act.
 */
export default async function RequestsToPayPage() {
  const user = await requireSessionUser("/wallet/requests");
  const t = await getTranslations("wallet.requests");
  const [{ requests }, profile, balances] = await Promise.all([
    listPayerPaymentRequests({ userId: user.id, limit: 50 }),
    getUserProfile(user.id),
    getBalances(user.id),
  ]);
  return (
    <main className="page stack">
      <BackToWallet />
      <h1>{t("title")}</h1>
      <p className="muted">
        {t.rich("intro", { handle: displayHandle(profile.handle), strong: (chunks) => <strong>{chunks}</strong> })}
      </p>
      {requests.length === 0 ? (
        <p className="card muted">{t("empty")}</p>
      ) : (
        <ul className="request-list" aria-label={t("listLabel")}>
          {requests.map((request) => (
            <RequestItem key={request.id} request={request} balances={balances} />
          ))}
        </ul>
      )}
      {requests.length > 0 ? <p className="small muted">{t("showingNewest", { count: Math.min(requests.length, 50) })}</p> : null}
      <BackToWalletEnd />
    </main>
  );
}

const STATUS_KEY: Record<string, string> = {
  CREATED: "waiting",
  INCOMPLETE: "partlyPaid",
  PENDING: "reserved",
  PROCESSING: "processing",
  DONE: "paid",
  ACCEPTED: "paid",
  OVERPAID: "paid",
  EARLY: "paid",
  LATE: "paid",
  REFUND: "partlyRefunded",
  REFUNDED: "refunded",
  CANCELLED: "cancelled",
  EXPIRED: "expired",
  FAILED: "released",
};

async function RequestItem({ request, balances }: { request: PayerViewJson; balances: { currency: string; amount: string }[] }) {
  const t = await getTranslations("wallet.requests");
  const format = await getFormatter();
  const locale = await getLocale();
  const when = (iso: string) => ({
    time: format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" }),
    t: (chunks: React.ReactNode) => <time dateTime={iso}>{chunks}</time>,
  });
  const money = (amount: string) => (currency ? formatMoney(locale, amount, currency) : amount);
  const titleId = `request-${request.id}-title`;
  const amountId = `request-${request.id}-amount`;
  const status = payerStatus(request.status);
  const currency = request.value?.currency ?? "";
  const isOpen = PAYABLE_STATUSES.has(request.status);
  return (
    <li className="card stack request-item" data-testid="request-to-pay" data-request-id={request.id} data-status={request.status} aria-labelledby={titleId}>
      <div className="row-head">
        <div>
          <h2 id={titleId} className="request-merchant">
            {request.merchant.name}
          </h2>
          <div className="muted small">@{request.merchant.handle}</div>
        </div>
        <span className={`status-badge status-${status.tone}`} data-testid="request-status">
          {t(`status.${STATUS_KEY[request.status] ?? "onHold"}`)}
        </span>
      </div>
      <p className="request-amount" id={amountId}>
        {request.value ? formatMoney(locale, request.value.amount, request.value.currency) : t("youChoose")}
      </p>
      {request.description ? <p className="memo">{request.description}</p> : null}
      {request.lineItems && request.lineItems.length > 0 ? (
        <ul className="small request-lines" aria-label={t("itemsFrom", { merchant: request.merchant.name })}>
          {request.lineItems.map((item, index) => (
            <li key={index}>
              {item.qty} × {item.name} — {money(item.price)}
            </li>
          ))}
        </ul>
      ) : null}
      {request.partialAllowed && isOpen && request.amountDue ? (
        <p className="small">
          {t.rich("stillDue", { amount: money(request.amountDue), strong: (chunks) => <strong>{chunks}</strong> })}
        </p>
      ) : null}
      {request.yours ? <YourMoneyLine yours={request.yours} currency={currency} /> : null}
      {isOpen ? (
        <p className="small muted">
          {request.notBefore && Date.parse(request.notBefore) > Date.now() ? (
            <>
              {t.rich("opensAt", when(request.notBefore!))} ·{" "}
            </>
          ) : null}
          {t.rich("payBy", when(request.expiresAt))}
        </p>
      ) : null}
      <RequestToPayActions request={request} balances={balances} describedBy={`${titleId} ${amountId}`} />
    </li>
  );
}

/** What the user's own money did on this request (paid, reserved, refunded). */
async function YourMoneyLine({ yours, currency }: { yours: YoursJson; currency: string }) {
  const t = await getTranslations("wallet.requests");
  const locale = await getLocale();
  const money = (amount: string) => formatMoney(locale, amount, currency);
  const parts = [
    !isZeroAmount(yours.paid) ? t("youPaid", { amount: money(yours.paid) }) : null,
    !isZeroAmount(yours.reserved) ? t("youReserved", { amount: money(yours.reserved) }) : null,
    !isZeroAmount(yours.refunded) ? t("youRefunded", { amount: money(yours.refunded) }) : null,
  ].filter((part): part is string => part !== null);
  if (parts.length === 0) return null;
  return <p className="small" data-testid="request-yours">{parts.join(" · ")}</p>;
}

