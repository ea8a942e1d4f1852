"use client";

import { signOut } from "next-auth/react";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useRef, useState, type FormEvent } from "react";
import useSWR from "swr";
import { CheckoutSignIn } from "@/components/checkout/checkout-sign-in";
import { formatDuration, useSecondsLeft } from "@/components/pay/countdown";
import { LocalTime } from "@/components/pay/local-time";
import { missingAmount, PayBalance } from "@/components/pay/pay-balance";
import { failureKind, usePayErrorMessage } from "@/components/pay/pay-errors";
import { confirmFormPassword, FormPassword, PASSWORD_FORM_ERRORS } from "@/components/pay/form-password";
import { ReauthPrompt } from "@/components/pay/reauth-prompt";
import { RequestSummary } from "@/components/pay/request-summary";
import { SessionEnded } from "@/components/pay/session-ended";
import { useMoney } from "@/components/pay/use-money";
import { isZeroAmount } from "@/components/pay/yours";
import { Alert } from "@/components/ui/alert";
import { apiFetch, ApiError, jsonFetcher } from "@/lib/api-client";
import type { PaymentRequestForPage } from "@/lib/payment-requests/get-payment-request-for-page";
import type { PayerViewJson, YoursJson } from "@/lib/payment-requests/payment-request-view";

export type Viewer = { email: string; handle: string; balances: { currency: string; amount: string }[] };

/** What the page was told by a no-JavaScript form post (query parameters), and the key of its Pay form. */
export type FormState = {
  error?: string;
  missing?: string;
  paidTxid?: string;
  signIn?: "credentials" | "throttled";
  attempt: string;
  /** The amount is above PAYMENT_REAUTH_ABOVE (or the payer types it and a limit is set): the no-JS form carries a password field. */
  asksPassword?: boolean;
};

type PayAnswer = { status: string; txid: string; request: PayerViewJson };
/** The answer and what this payment moved (the answer tells the request, not the payment). */
type PaidReceipt = { txid: string; paid: { amount: string; currency: string }; paidAt: string };

const POLL_MS = 2000;
const BALANCE_POLL_MS = 3000;
/** Statuses in which our wallet can still pay the request. */
const OPEN_STATUSES = new Set(["CREATED", "INCOMPLETE"]);
const PAID_STATUSES = new Set(["DONE", "ACCEPTED", "OVERPAID", "EARLY", "LATE", "REFUND", "REFUNDED"]);

const unixSeconds = (iso: string) => Date.parse(iso) / 1000;

// Module-level, so their identity is stable (SWR restarts its timer whenever refreshInterval changes).
const pollWhileOpen = (latest?: PayerViewJson) =>
  !latest || OPEN_STATUSES.has(latest.status) || latest.status === "PROCESSING" || latest.status === "PENDING" ? POLL_MS : 0;
const fetchRequest = ([url]: readonly [string, string]) => jsonFetcher<PayerViewJson>(url);

export function PayRequestClient({ id, initial, viewer, formState }: { id: string; initial: PaymentRequestForPage; viewer: Viewer | null; formState?: FormState }) {
  const state = formState ?? { attempt: "" };
  if (initial.kind === "addressed") return <AddressedSignIn callbackUrl={`/pay/${id}`} signInError={state.signIn} />;
  return <PayRequest initialRequest={initial.request} viewer={viewer} formState={state} />;
}

/** A request-to-pay opened without a session: nothing of it is shown until its addressee signs in. */
export function AddressedSignIn({ callbackUrl, signInError }: { callbackUrl: string; signInError?: "credentials" | "throttled" }) {
  const t = useTranslations("payRequest");
  return (
    <section className="card stack checkout-panel" aria-labelledby="addressed-heading">
      <h1 id="addressed-heading">{t("addressedTitle")}</h1>
      <p className="muted">{t("addressedText")}</p>
      <CheckoutSignIn callbackUrl={callbackUrl} signInError={signInError} />
    </section>
  );
}

function PayRequest({ initialRequest, viewer, formState }: { initialRequest: PayerViewJson; viewer: Viewer | null; formState: FormState }) {
  const t = useTranslations("payRequest");
  const path = `/api/wallet/payment-requests/${initialRequest.id}`;
  // Only a signed-in payer can ask the API; the viewer is part of the key, so after an inline sign-in the
  // server's fresh view wins over the cached anonymous one.
  const { data, mutate } = useSWR<PayerViewJson, unknown, readonly [string, string] | null>(viewer ? [path, viewer.email] : null, fetchRequest, {
    fallbackData: initialRequest,
    refreshInterval: pollWhileOpen,
    revalidateOnFocus: true,
    revalidateOnMount: false,
  });
  const request = data ?? initialRequest;
  // A payment made by the no-JavaScript form: its receipt, from the payer's own movements.
  const [receipt, setReceipt] = useState<PaidReceipt | undefined>(() => {
    const movement = formState.paidTxid ? initialRequest.yours?.movements.find((m) => m.txid === formState.paidTxid) : undefined;
    return movement ? { txid: movement.txid, paid: { amount: movement.amount, currency: initialRequest.value?.currency ?? "" }, paidAt: movement.createdAt } : undefined;
  });
  const [hasSessionEnded, setSessionEnded] = useState(formState.error === "SESSION_ENDED");
  const secondsLeft = useSecondsLeft(unixSeconds(request.expiresAt)) ?? 0;
  const opensIn = useSecondsLeft(request.notBefore ? unixSeconds(request.notBefore) : undefined);
  const isOpen = OPEN_STATUSES.has(request.status);
  // Past expiresAt nothing more can be paid, also on a split payment that has received parts (INCOMPLETE).
  const hasRunOut = isOpen && secondsLeft <= 0;

  // The deadline passed on screen: ask the server, which is the one that decides.
  useEffect(() => {
    if (hasRunOut && viewer && request.status === "CREATED") void mutate();
  }, [hasRunOut, viewer, request.status, mutate]);

  const shownStatus = hasRunOut ? (request.status === "INCOMPLETE" ? "EXPIRED_PART_PAID" : "EXPIRED") : request.status;
  const isEnded = !receipt && !request.yours && !(isOpen && !hasRunOut);
  const announcement = useAnnouncement(receipt ? "PAID_HERE" : shownStatus);
  const initialShown = useRef(shownStatus);

  const summary = (
    <section className="card checkout-panel" aria-labelledby="request-heading">
      <h1 id="request-heading" className="visually-hidden">
        {t("heading", { merchant: request.merchant.name })}
      </h1>
      <RequestSummary request={request} />
      <p className="muted small checkout-ref">
        {t("code")} <span className="checkout-mono">{request.shortCode}</span>
      </p>
    </section>
  );
  const panel = (
    <div className="card checkout-panel checkout-side">
      {receipt ? (
        <Receipt receipt={receipt} request={request} />
      ) : request.yours && !(isOpen && !hasRunOut) ? (
        // Opened again later (from the history, after a refund or a capture): what the payer's money did.
        <YourReceipt request={request} yours={request.yours} />
      ) : isOpen && !hasRunOut ? (
        hasSessionEnded ? (
          <SessionEnded callbackUrl={`/pay/${request.id}`} />
        ) : (
          <OpenPanel
            request={request}
            secondsLeft={secondsLeft}
            opensIn={opensIn !== undefined && opensIn > 0 ? opensIn : undefined}
            viewer={viewer}
            formState={formState}
            onSessionEnded={() => setSessionEnded(true)}
            onPaid={(answer, paid) => {
              setReceipt({ txid: answer.txid, paid, paidAt: new Date().toISOString() });
              void mutate(answer.request, { revalidate: false });
            }}
            onChange={() => mutate()}
          />
        )
      ) : (
        <EndedPanel request={request} status={shownStatus} isNew={shownStatus !== initialShown.current} />
      )}
    </div>
  );

  return (
    <div className="stack">
      <p className="visually-hidden" aria-live="polite" data-testid="pay-announcement">
        {announcement}
      </p>
      {/* An expired or cancelled request says so first, above the order it was for. */}
      {isEnded ? panel : summary}
      {isEnded ? summary : panel}
    </div>
  );
}

/** Announces a change seen on this page (not the state it opened in): paid, expired, cancelled. */
function useAnnouncement(status: string): string {
  const t = useTranslations("payRequest");
  const first = useRef(status);
  if (status === first.current) return "";
  if (status === "PAID_HERE") return t("announcePaid");
  if (status === "EXPIRED" || status === "EXPIRED_PART_PAID") return t("announceExpired");
  if (status === "CANCELLED") return t("announceCancelled");
  if (PAID_STATUSES.has(status)) return t("announcePaidElsewhere");
  return "";
}

function ExpiryTimer({ secondsLeft }: { secondsLeft: number }) {
  const tp = useTranslations("pay");
  return (
    // Server and browser clocks read a second apart at hydration; the next tick corrects it either way.
    <p className="countdown checkout-countdown" role="timer" aria-label={`${tp("expiresIn")} ${formatDuration(secondsLeft)}`} suppressHydrationWarning>
      {tp("expiresIn")} <strong suppressHydrationWarning>{formatDuration(secondsLeft)}</strong>
    </p>
  );
}

/** A request whose notBefore is still ahead: when it opens, in the payer's local time, and a countdown. */
function NotYetValid({ request, opensIn }: { request: PayerViewJson; opensIn: number }) {
  const t = useTranslations("payRequest");
  const format = useFormatter();
  const opensAt = new Date(request.notBefore!);
  return (
    <section className="stack not-yet" aria-labelledby="not-yet-heading">
      <h2 id="not-yet-heading">{t("notYetTitle")}</h2>
      <p id="not-yet-when" suppressHydrationWarning>
        {t.rich("notYetWhen", {
          merchant: request.merchant.name,
          time: () => (
            <time dateTime={opensAt.toISOString()} suppressHydrationWarning>
              {format.dateTime(opensAt, { dateStyle: "medium", timeStyle: "short" })}
            </time>
          ),
        })}
      </p>
      <p className="countdown checkout-countdown" role="timer" aria-label={`${t("opensIn")} ${formatDuration(opensIn)}`} suppressHydrationWarning>
        {t("opensIn")} <strong suppressHydrationWarning>{formatDuration(opensIn)}</strong>
      </p>
      <p className="muted small">{t("notYetKeepOpen")}</p>
    </section>
  );
}

function OpenPanel({
  request,
  secondsLeft,
  opensIn,
  viewer,
  formState,
  onSessionEnded,
  onPaid,
  onChange,
}: {
  request: PayerViewJson;
  secondsLeft: number;
  /** Seconds until notBefore, while it is ahead: Pay stays disabled until then. */
  opensIn: number | undefined;
  viewer: Viewer | null;
  formState: FormState;
  onSessionEnded: () => void;
  onPaid: (answer: PayAnswer, paid: { amount: string; currency: string }) => void;
  onChange: () => Promise<unknown>;
}) {
  const t = useTranslations("payRequest");
  const tp = useTranslations("pay");
  const money = useMoney();
  const errorMessage = usePayErrorMessage();
  const isAmountEntered = request.value === null || request.partialAllowed;
  const currencies = currencyChoices(request, viewer);
  const [currency, setCurrency] = useState(request.value?.currency ?? currencies[0] ?? "USD");
  const [amount, setAmount] = useState("");
  const [error, setError] = useState<string | undefined>(() =>
    formState.error && formState.error !== "SESSION_ENDED" && formState.error !== "INVALID_AMOUNT"
      ? errorMessage(new ApiError(400, formState.error, "", formState.missing ? { missing: formState.missing, currency: request.value?.currency ?? "" } : undefined))
      : undefined,
  );
  const [amountError, setAmountError] = useState<string | undefined>(() => (formState.error === "INVALID_AMOUNT" ? errorMessage(new ApiError(400, "INVALID_AMOUNT", "")) : undefined));
  const [needsPassword, setNeedsPassword] = useState(false);
  const isPasswordInForm = formState.error !== undefined && PASSWORD_FORM_ERRORS.has(formState.error);
  const [isPaying, setPaying] = useState(false);
  const isPayingRef = useRef(false);
  // One key per attempt: a retry after a lost answer reuses it, so the server never debits twice.
  const attemptKey = useRef<string | null>(null);

  const payAmount = isAmountEntered ? amount.trim() : (request.amountDue ?? request.value?.amount ?? "");
  // Fresh on focus and after a refusal: money added in another tab shows without a reload.
  const { data: balanceData, mutate: refreshBalances } = useSWR<{ balances: Viewer["balances"] }>(viewer ? "/api/wallet/balance" : null, jsonFetcher, {
    fallbackData: viewer ? { balances: viewer.balances } : undefined,
    revalidateOnMount: false,
    revalidateOnFocus: true,
    // Money added in another tab (the Add money link opens one) enables Pay without a reload.
    refreshInterval: viewer ? BALANCE_POLL_MS : 0,
  });
  const balance = (balanceData?.balances ?? viewer?.balances ?? []).find((b) => b.currency === currency)?.amount ?? "0";
  const missing = viewer !== null && payAmount !== "" && isDecimal(payAmount) ? missingAmount(balance, payAmount) : null;
  const isDeclinable = viewer !== null && request.payer !== undefined && request.payer === viewer.handle;
  const callbackUrl = `/pay/${request.id}`;

  async function pay(form: HTMLFormElement | null = null) {
    if (isPayingRef.current || opensIn !== undefined) return;
    if (isAmountEntered && !isDecimal(payAmount)) {
      setAmountError(t("amountInvalid"));
      document.getElementById("pay-amount")?.focus();
      return;
    }
    isPayingRef.current = true;
    setPaying(true);
    setError(undefined);
    setAmountError(undefined);
    attemptKey.current ??= crypto.randomUUID();
    try {
      await confirmFormPassword(form);
      const body = isAmountEntered ? { amount: payAmount, ...(request.value ? {} : { currency }) } : {};
      const answer = await apiFetch<PayAnswer>(`/api/wallet/payment-requests/${request.id}/pay`, {
        method: "POST",
        headers: { "idempotency-key": attemptKey.current },
        body: JSON.stringify(body),
      });
      attemptKey.current = null;
      onPaid(answer, { amount: payAmount, currency });
      return;
    } catch (failure) {
      // Only a request whose answer was lost may be sent again with the same key.
      if (!(failure instanceof ApiError && failure.status === 0)) attemptKey.current = null;
      const kind = failureKind(failure);
      if (kind === "session") onSessionEnded();
      else if (kind === "reauth") setNeedsPassword(true);
      else if (failure instanceof ApiError && failure.code === "INVALID_AMOUNT")
        setAmountError(
          typeof failure.details?.amountDue === "string" && request.partialAllowed
            ? t("amountOverDue", { due: money(failure.details.amountDue, currency) })
            : errorMessage(failure),
        );
      else setError(errorMessage(failure));
    }
    isPayingRef.current = false;
    setPaying(false);
    await Promise.all([onChange(), refreshBalances()]);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void pay(event.currentTarget);
  }

  async function decline() {
    if (isPayingRef.current) return;
    isPayingRef.current = true;
    setPaying(true);
    setError(undefined);
    try {
      await apiFetch(`/api/wallet/payment-requests/${request.id}/decline`, { method: "POST" });
    } catch (failure) {
      if (failureKind(failure) === "session") onSessionEnded();
      else setError(errorMessage(failure));
    }
    isPayingRef.current = false;
    setPaying(false);
    await onChange();
  }

  const payLabel = isPaying ? tp("paying") : payAmount && isDecimal(payAmount) ? tp("payAmount", { amount: money(payAmount, currency) }) : tp("pay");

  return (
    <div className="stack">
      {opensIn !== undefined ? <NotYetValid request={request} opensIn={opensIn} /> : <ExpiryTimer secondsLeft={secondsLeft} />}
      {viewer ? (
        <>
          {/* Works before JavaScript: the form posts to /pay/{id}/pay, which answers 303 back here with the receipt. */}
          <form className="stack" method="post" action={`/pay/${request.id}/pay`} onSubmit={submit} noValidate>
            <input type="hidden" name="attempt" value={formState.attempt} />
            <div className="checkout-account">
              <span className="small muted">{tp.rich("payingAs", { who: () => <strong className="checkout-email">@{viewer.handle}</strong> })}</span>
              <button type="button" className="link-button small" onClick={() => void signOut({ callbackUrl })}>
                {tp("notYou")}
              </button>
            </div>
            {request.partialAllowed && request.amountDue ? (
              <p className="small" data-testid="amount-due" id="pay-amount-due">
                {t.rich("stillDue", { amount: money(request.amountDue, request.value?.currency), strong: (chunks) => <strong>{chunks}</strong> })}
              </p>
            ) : null}
            {isAmountEntered ? (
              <div className="amount-row">
                <div className="field">
                  <label htmlFor="pay-amount">{tp("amount")}</label>
                  <input
                    id="pay-amount"
                    name="amount"
                    inputMode="decimal"
                    autoComplete="off"
                    value={amount}
                    onChange={(e) => setAmount(e.target.value)}
                    placeholder={request.amountDue ?? "0.00"}
                    required
                    aria-invalid={amountError ? true : undefined}
                    aria-describedby={[amountError ? "pay-amount-error" : null, request.partialAllowed && request.amountDue ? "pay-amount-due" : null].filter(Boolean).join(" ") || undefined}
                  />
                  {amountError ? (
                    <p id="pay-amount-error" className="field-error">
                      {amountError}
                    </p>
                  ) : null}
                </div>
                {request.value ? null : (
                  <div className="field">
                    <label htmlFor="pay-currency">{t("currency")}</label>
                    <select id="pay-currency" name="currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
                      {currencies.map((c) => (
                        <option key={c}>{c}</option>
                      ))}
                    </select>
                  </div>
                )}
              </div>
            ) : null}
            <PayBalance balance={balance} currency={currency} missing={missing} testId="pay-balance" describedId="pay-short" />
            {error ? <Alert>{error}</Alert> : null}
            {needsPassword ? null : (
              <>
                {isPasswordInForm || formState.asksPassword ? <FormPassword visible={isPasswordInForm} /> : null}
                <button
                  className="button button-block checkout-pay"
                  type="submit"
                  disabled={isPaying || opensIn !== undefined || missing !== null}
                  aria-busy={isPaying}
                  aria-describedby={opensIn !== undefined ? "not-yet-when" : missing !== null ? "pay-short" : undefined}
                >
                  {payLabel}
                </button>
              </>
            )}
          </form>
          {needsPassword ? (
            <ReauthPrompt
              idPrefix="pay-reauth"
              onConfirmed={async () => {
                setNeedsPassword(false);
                await pay();
              }}
              onCancel={() => setNeedsPassword(false)}
            />
          ) : null}
          {isDeclinable && !needsPassword ? (
            <button className="button button-secondary button-block" type="button" disabled={isPaying} onClick={() => void decline()}>
              {t("decline")}
            </button>
          ) : null}
        </>
      ) : (
        <CheckoutSignIn callbackUrl={callbackUrl} signInError={formState.signIn} />
      )}
    </div>
  );
}

type ReceiptState = { text: string; note?: string; isDone: boolean };

/**
 * What the payer's money on a request is now, in plain words: reserved until the merchant confirms, taken,
 * refunded in part or in full, or released back to them.
 */
function useReceiptState(): (status: string, yours: YoursJson | undefined) => ReceiptState {
  const tr = useTranslations("payRequest.receiptState");
  return (status, yours) => {
    const hasRefund = yours !== undefined && !isZeroAmount(yours.refunded);
    switch (status) {
      case "PENDING":
        return { text: tr("reserved"), note: tr("reservedNote"), isDone: true };
      case "FAILED":
        return { text: tr("released"), note: tr("releasedNote"), isDone: false };
      case "REFUNDED":
        return { text: tr("refunded"), isDone: false };
      case "REFUND":
        return { text: tr("partlyRefunded"), note: tr("partlyRefundedNote"), isDone: true };
      case "CANCELLED":
        return hasRefund ? { text: tr("cancelledRefunded"), note: tr("cancelledRefundedNote"), isDone: false } : { text: tr("cancelled"), isDone: false };
      default:
        return { text: tr("complete"), ...(hasRefund ? { note: tr("completeRefundedNote") } : {}), isDone: true };
    }
  };
}

function Receipt({ receipt, request }: { receipt: PaidReceipt; request: PayerViewJson }) {
  const t = useTranslations("payRequest");
  const tp = useTranslations("pay");
  const money = useMoney();
  const receiptState = useReceiptState();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The receipt replaces the form the payer was using: move focus to it so it is read out.
  useEffect(() => headingRef.current?.focus(), []);
  const currency = request.value?.currency ?? receipt.paid.currency;
  const isPart = request.status === "INCOMPLETE";
  const state = receiptState(request.status, request.yours);
  return (
    <section className="stack receipt" aria-labelledby="receipt-heading">
      <Alert kind="success">
        {state.isDone ? <span aria-hidden="true">✓ </span> : null}
        <span data-testid="receipt-state">{state.text}</span>
      </Alert>
      <h2 id="receipt-heading" tabIndex={-1} ref={headingRef} className="focus-heading">
        {tp("receipt")}
      </h2>
      <dl>
        <dt>{request.status === "PENDING" ? t("reservedFor") : tp("paidTo")}</dt>
        <dd>
          {request.merchant.name} (@{request.merchant.handle})
        </dd>
        <dt>{tp("amount")}</dt>
        <dd data-testid="receipt-amount">{money(receipt.paid.amount, receipt.paid.currency)}</dd>
        {isPart && request.amountDue ? (
          <>
            <dt>{t("stillDueLabel")}</dt>
            <dd>{money(request.amountDue, currency)}</dd>
          </>
        ) : null}
        {request.yours && !isZeroAmount(request.yours.refunded) ? (
          <>
            <dt>{t("refunded")}</dt>
            <dd data-testid="receipt-refunded">{money(request.yours.refunded, currency)}</dd>
          </>
        ) : null}
        <dt>{t("code")}</dt>
        <dd>{request.shortCode}</dd>
        <dt>{tp("transaction")}</dt>
        <dd data-testid="receipt-txid" className="checkout-mono">
          {receipt.txid}
        </dd>
        <dt>{tp("date")}</dt>
        <dd>
          <LocalTime iso={receipt.paidAt} />
        </dd>
      </dl>
      {state.note ? <p className="muted small">{state.note}</p> : null}
      <Link className="button button-secondary button-block" href="/wallet">
        {tp("backToWallet")}
      </Link>
    </section>
  );
}

/**
 * The receipt of a request the viewer paid, opened again later (from the wallet history, after a refund, a
 * capture or a release): what their own money did on it, each payment and refund.
 */
function YourReceipt({ request, yours }: { request: PayerViewJson; yours: YoursJson }) {
  const t = useTranslations("payRequest");
  const tp = useTranslations("pay");
  const money = useMoney();
  const receiptState = useReceiptState();
  const ended = useEndedCopy();
  const currency = request.value?.currency ?? "";
  const state = receiptState(request.status, yours);
  const amount = (value: string) => money(value, currency);
  return (
    <section className="stack receipt" aria-labelledby="ended-heading">
      {/* The request's state as anyone opening it is told (already paid, cancelled…), then this payer's receipt. */}
      <h2 id="ended-heading">{ended(request.status, request.merchant.name).title}</h2>
      <h3 id="receipt-heading" className="small-heading">
        {tp("receipt")}
      </h3>
      <p className={`alert ${state.isDone ? "alert-success" : "alert-info"}`} data-testid="receipt-state">
        {state.isDone ? <span aria-hidden="true">✓ </span> : null}
        {state.text}
      </p>
      <dl>
        <dt>{isZeroAmount(yours.paid) && !isZeroAmount(yours.reserved) ? t("reservedFor") : tp("paidTo")}</dt>
        <dd>
          {request.merchant.name} (@{request.merchant.handle})
        </dd>
        {!isZeroAmount(yours.paid) ? (
          <>
            <dt>{t("paid")}</dt>
            <dd data-testid="receipt-paid">{amount(yours.paid)}</dd>
          </>
        ) : null}
        {!isZeroAmount(yours.reserved) ? (
          <>
            <dt>{t("reserved")}</dt>
            <dd data-testid="receipt-reserved">{amount(yours.reserved)}</dd>
          </>
        ) : null}
        {!isZeroAmount(yours.refunded) ? (
          <>
            <dt>{t("refunded")}</dt>
            <dd data-testid="receipt-refunded">{amount(yours.refunded)}</dd>
          </>
        ) : null}
        {request.status === "INCOMPLETE" && request.amountDue ? (
          <>
            <dt>{t("stillDueLabel")}</dt>
            <dd>{amount(request.amountDue)}</dd>
          </>
        ) : null}
        <dt>{t("code")}</dt>
        <dd>{request.shortCode}</dd>
      </dl>
      {state.note ? <p className="muted small">{state.note}</p> : null}
      <h3 id="movements-heading" className="small-heading">
        {t("movements")}
      </h3>
      <ul className="row-list movements" aria-labelledby="movements-heading">
        {yours.movements.map((movement) => (
          <li key={movement.txid} data-testid="receipt-movement">
            <div className="row-head">
              <span>
                {t(`movement.${movementKind(movement)}`)} <strong>{amount(movement.amount)}</strong>
              </span>
              <span className="muted small">
                <LocalTime iso={movement.createdAt} />
              </span>
            </div>
            <div className="muted small checkout-mono">{movement.txid}</div>
          </li>
        ))}
      </ul>
      <Link className="button button-secondary button-block" href="/wallet">
        {tp("backToWallet")}
      </Link>
    </section>
  );
}

function movementKind(movement: YoursJson["movements"][number]): "refund" | "held" | "released" | "captured" | "payment" {
  if (movement.type === "refund") return "refund";
  if (movement.state === "held") return "held";
  if (movement.state === "released") return "released";
  if (movement.state === "captured") return "captured";
  return "payment";
}

function EndedPanel({ request, status, isNew }: { request: PayerViewJson; status: string; isNew: boolean }) {
  const tp = useTranslations("pay");
  const ended = useEndedCopy();
  const { title, text } = ended(status, request.merchant.name);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Ended while the payer was here (their Pay button is gone): focus moves to the news, never to <body>.
  useEffect(() => {
    if (isNew) headingRef.current?.focus();
  }, [isNew]);
  return (
    <section className="stack" aria-labelledby="ended-heading">
      <h2 id="ended-heading" tabIndex={-1} ref={headingRef} className="focus-heading">
        {title}
      </h2>
      <p>{text}</p>
      <Link className="button button-secondary button-block" href="/wallet">
        {tp("backToWallet")}
      </Link>
    </section>
  );
}

function useEndedCopy(): (status: string, merchant: string) => { title: string; text: string } {
  const te = useTranslations("payRequest.ended");
  return (status, merchant) => {
    if (PAID_STATUSES.has(status)) return { title: te("paidTitle"), text: te("paidText") };
    switch (status) {
      case "EXPIRED":
        return { title: te("expiredTitle"), text: te("expiredText", { merchant }) };
      case "EXPIRED_PART_PAID":
        return { title: te("expiredTitle"), text: te("expiredPartText", { merchant }) };
      case "CANCELLED":
        return { title: te("cancelledTitle"), text: te("cancelledText", { merchant }) };
      case "FAILED":
        return { title: te("releasedTitle"), text: te("releasedText", { merchant }) };
      case "PENDING":
        return { title: te("reservedTitle"), text: te("reservedText", { merchant }) };
      case "PROCESSING":
        return { title: te("processingTitle"), text: te("processingText") };
      default:
        return { title: te("holdTitle"), text: te("holdText", { merchant }) };
    }
  };
}

function currencyChoices(request: PayerViewJson, viewer: Viewer | null): string[] {
  if (request.value) return [request.value.currency];
  const held = viewer?.balances.map((b) => b.currency) ?? [];
  return held.length > 0 ? held : ["USD"];
}

const DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const isDecimal = (text: string) => DECIMAL.test(text) && !/^0(\.0*)?$/.test(text);
