"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useSecondsLeft } from "@/components/pay/countdown";
import { missingAmount, PayBalance } from "@/components/pay/pay-balance";
import { PAYABLE_STATUSES } from "@/components/pay/payer-status";
import { Alert } from "@/components/ui/alert";
import { apiFetch, ApiError } from "@/lib/api-client";
import { formatMoney } from "@/lib/i18n/format";
import type { PayerViewJson } from "@/lib/payment-requests/payment-request-view";

type Balance = { currency: string; amount: string };
type PayAnswer = { status: string; txid: string };
type Mode = "idle" | "pay" | "decline";
type Message = { kind: "success" | "error"; text: string; link?: { href: string; text: string } };

/**
 * "Pay" and "Decline" for one request to pay. A request with a fixed amount is paid at once (the row shows
 * how much and to whom); one whose amount the payer chooses (no amount, or parts allowed) opens a small
 * form for it. "Decline" asks for an optional reason first. Each result is said in plain words where
 * focus lands, and the page's list is refreshed from the server.
 */
type Translate = (key: string, values?: Record<string, string>) => string;

export function RequestToPayActions({ request, balances, describedBy }: { request: PayerViewJson; balances: Balance[]; describedBy: string }) {
  const t = useTranslations("wallet.requests");
  const locale = useLocale();
  const router = useRouter();
  const [mode, setMode] = useState<Mode>("idle");
  const [message, setMessage] = useState<Message>();
  const [isBusy, setBusy] = useState(false);
  const busy = useRef(false);
  const attemptKey = useRef<string | null>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  const payButtonRef = useRef<HTMLButtonElement>(null);
  const declineButtonRef = useRef<HTMLButtonElement>(null);
  const opensIn = useSecondsLeft(request.notBefore ? Date.parse(request.notBefore) / 1000 : undefined);
  const secondsLeft = useSecondsLeft(Date.parse(request.expiresAt) / 1000) ?? 0;

  const isOpen = PAYABLE_STATUSES.has(request.status) && secondsLeft > 0;
  const isNotYetOpen = opensIn !== undefined && opensIn > 0;
  const isAmountEntered = request.value === null || request.partialAllowed;
  const canDecline = request.status === "CREATED" && secondsLeft > 0;
  // A fixed amount is paid at once: its balance and any shortfall are shown beside Pay, which waits (disabled,
  // with "Add money") until the balance covers it. An amount the payer types gets the same in its form.
  const due = !isAmountEntered && request.value ? { amount: request.amountDue ?? request.value.amount, currency: request.value.currency } : null;
  const balance = due ? (balances.find((b) => b.currency === due.currency)?.amount ?? "0") : null;
  const missing = due && balance !== null ? missingAmount(balance, due.amount) : null;
  const shortId = `request-${request.id}-short`;

  // Short of money: "Add money" opens a new tab; back on this one, read the balance again.
  useEffect(() => {
    if (missing === null) return;
    const refresh = () => router.refresh();
    window.addEventListener("focus", refresh);
    return () => window.removeEventListener("focus", refresh);
  }, [missing, router]);

  // A result replaces the controls that were used: focus goes to it, so it is read out.
  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);

  function close(returnTo: "pay" | "decline") {
    setMode("idle");
    requestAnimationFrame(() => (returnTo === "pay" ? payButtonRef : declineButtonRef).current?.focus());
  }

  async function pay(body: { amount?: string; currency?: string }, shown: string) {
    if (busy.current) return;
    busy.current = true;
    setBusy(true);
    setMessage(undefined);
    // One key per attempt: a retry after a lost answer reuses it, so the server never debits twice.
    attemptKey.current ??= crypto.randomUUID();
    try {
      const answer = await apiFetch<PayAnswer>(`/api/wallet/payment-requests/${request.id}/pay`, {
        method: "POST",
        headers: { "idempotency-key": attemptKey.current },
        body: JSON.stringify(body),
      });
      attemptKey.current = null;
      setMode("idle");
      setMessage({
        kind: "success",
        text:
          answer.status === "PENDING"
            ? t("reservedResult", { amount: shown, merchant: request.merchant.name })
            : t("paidResult", { amount: shown, merchant: request.merchant.name }),
        link: { href: `/pay/${request.id}`, text: t("seeReceipt") },
      });
    } catch (failure) {
      if (!(failure instanceof ApiError && failure.status === 0)) attemptKey.current = null;
      setMessage({ kind: "error", text: payFailure(t, failure, request.merchant.name) });
    } finally {
      busy.current = false;
      setBusy(false);
      router.refresh();
    }
  }

  async function decline(reason: string) {
    if (busy.current) return;
    busy.current = true;
    setBusy(true);
    setMessage(undefined);
    try {
      await apiFetch(`/api/wallet/payment-requests/${request.id}/decline`, {
        method: "POST",
        body: JSON.stringify(reason ? { reason } : {}),
      });
      setMode("idle");
      setMessage({ kind: "success", text: t("declinedResult", { merchant: request.merchant.name }) });
    } catch (failure) {
      setMessage({ kind: "error", text: declineFailure(t, failure) });
    } finally {
      busy.current = false;
      setBusy(false);
      router.refresh();
    }
  }

  const result = message ? (
    <div ref={messageRef} tabIndex={-1} className="request-result">
      <Alert kind={message.kind}>
        {message.text}
        {message.link ? (
          <>
            {" "}
            <Link href={message.link.href}>{message.link.text}</Link>
          </>
        ) : null}
      </Alert>
    </div>
  ) : null;

  return (
    <div className="stack">
      {result}
      {isOpen && mode === "pay" ? (
        <PayForm request={request} balances={balances} isBusy={isBusy} onPay={pay} onBack={() => close("pay")} />
      ) : null}
      {isOpen && mode === "decline" ? <DeclineForm request={request} isBusy={isBusy} onDecline={decline} onBack={() => close("decline")} /> : null}
      {isOpen && mode === "idle" && due && balance !== null ? (
        <PayBalance balance={balance} currency={due.currency} missing={missing} testId={`request-${request.id}-balance`} describedId={shortId} />
      ) : null}
      {isOpen && mode === "idle" ? (
        <div className="actions">
          <button
            ref={payButtonRef}
            type="button"
            className="button"
            disabled={isBusy || isNotYetOpen || missing !== null}
            aria-busy={isBusy}
            aria-describedby={missing ? `${describedBy} ${shortId}` : describedBy}
            onClick={() => (isAmountEntered ? setMode("pay") : void pay({}, formatMoney(locale, request.value!.amount, request.value!.currency)))}
          >
            {isBusy ? t("paying") : t("pay")}
          </button>
          {canDecline ? (
            <button
              ref={declineButtonRef}
              type="button"
              className="button button-secondary"
              disabled={isBusy}
              aria-describedby={describedBy}
              onClick={() => setMode("decline")}
            >
              {t("decline")}
            </button>
          ) : null}
        </div>
      ) : null}
      {isOpen && isNotYetOpen && mode === "idle" ? <p className="small muted">{t("opensLater")}</p> : null}
      {!isOpen && !message?.link ? (
        <p className="small">
          <Link href={`/pay/${request.id}`} aria-describedby={describedBy}>
            {request.yours ? t("receipt") : t("details")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}

function PayForm({
  request,
  balances,
  isBusy,
  onPay,
  onBack,
}: {
  request: PayerViewJson;
  balances: Balance[];
  isBusy: boolean;
  onPay: (body: { amount?: string; currency?: string }, shown: string) => Promise<void>;
  onBack: () => void;
}) {
  const currencies = request.value ? [request.value.currency] : balances.length > 0 ? balances.map((b) => b.currency) : ["USD"];
  const [currency, setCurrency] = useState(currencies[0] ?? "USD");
  const [amount, setAmount] = useState("");
  const [error, setError] = useState<string>();
  const t = useTranslations("wallet.requests");
  const locale = useLocale();
  const amountId = `pay-amount-${request.id}`;
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);
  const balance = balances.find((b) => b.currency === currency)?.amount ?? "0";
  const trimmed = amount.trim();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!isPositiveDecimal(trimmed)) {
      setError(t("amountRequired"));
      inputRef.current?.focus();
      return;
    }
    setError(undefined);
    void onPay({ amount: trimmed, ...(request.value ? {} : { currency }) }, formatMoney(locale, trimmed, currency));
  }

  return (
    <form className="stack request-form" onSubmit={submit} noValidate aria-label={t("payFormLabel", { merchant: request.merchant.name })}>
      <div className="amount-row">
        <div className="field">
          <label htmlFor={amountId}>{t("amount")}</label>
          <input
            id={amountId}
            ref={inputRef}
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            placeholder={request.amountDue ?? "0.00"}
            onChange={(e) => setAmount(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${amountId}-hint${error ? ` ${amountId}-error` : ""}`}
          />
          <p id={`${amountId}-hint`} className="small muted field-hint">
            {request.amountDue ? `${t("stillDueShort", { amount: formatMoney(locale, request.amountDue, currency) })} ` : ""}
            {t("yourBalance", { amount: formatMoney(locale, balance, currency) })}
          </p>
          {error ? (
            <p id={`${amountId}-error`} className="field-error">
              {error}
            </p>
          ) : null}
        </div>
        {request.value ? null : (
          <div className="field">
            <label htmlFor={`${amountId}-currency`}>{t("currency")}</label>
            <select id={`${amountId}-currency`} value={currency} onChange={(e) => setCurrency(e.target.value)}>
              {currencies.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </div>
        )}
      </div>
      <div className="actions">
        <button className="button" type="submit" disabled={isBusy} aria-busy={isBusy}>
          {isBusy ? t("paying") : isPositiveDecimal(trimmed) ? t("payAmount", { amount: formatMoney(locale, trimmed, currency) }) : t("pay")}
        </button>
        <button className="button button-secondary" type="button" onClick={onBack} disabled={isBusy}>
          {t("back")}
        </button>
      </div>
    </form>
  );
}

function DeclineForm({
  request,
  isBusy,
  onDecline,
  onBack,
}: {
  request: PayerViewJson;
  isBusy: boolean;
  onDecline: (reason: string) => Promise<void>;
  onBack: () => void;
}) {
  const [reason, setReason] = useState("");
  const t = useTranslations("wallet.requests");
  const reasonId = `decline-reason-${request.id}`;
  const inputRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => inputRef.current?.focus(), []);
  return (
    <form
      className="stack request-form"
      aria-label={t("declineFormLabel", { merchant: request.merchant.name })}
      onSubmit={(event) => {
        event.preventDefault();
        void onDecline(reason.trim());
      }}
    >
      <div className="field">
        <label htmlFor={reasonId}>{t("reasonOptional")}</label>
        <textarea
          id={reasonId}
          ref={inputRef}
          rows={2}
          maxLength={400}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-describedby={`${reasonId}-hint`}
        />
        <p id={`${reasonId}-hint`} className="small muted field-hint">
          {t("reasonHint", { merchant: request.merchant.name })}
        </p>
      </div>
      <div className="actions">
        <button className="button" type="submit" disabled={isBusy} aria-busy={isBusy}>
          {isBusy ? t("declining") : t("decline")}
        </button>
        <button className="button button-secondary" type="button" onClick={onBack} disabled={isBusy}>
          {t("back")}
        </button>
      </div>
    </form>
  );
}

function payFailure(t: Translate, failure: unknown, merchant: string): string {
  if (!(failure instanceof ApiError)) return t("errors.generic");
  switch (failure.code) {
    case "INSUFFICIENT_FUNDS":
      return t("errors.insufficient");
    case "REQUEST_EXPIRED":
      return t("errors.expired", { merchant });
    case "REQUEST_CANCELLED":
      return t("errors.cancelled");
    case "REQUEST_PAID":
      return t("errors.alreadyPaid");
    case "REQUEST_NOT_YET_VALID":
      return t("errors.notYetOpen");
    case "INVALID_AMOUNT":
      return t("errors.invalidAmount");
    case "NOT_FOUND":
      return t("errors.notFound");
    case "NETWORK":
      return t("errors.network");
    default:
      return failure.status === 401 ? t("errors.sessionEnded") : t("errors.generic");
  }
}

function declineFailure(t: Translate, failure: unknown): string {
  if (!(failure instanceof ApiError)) return t("errors.declineFailed");
  switch (failure.code) {
    case "REQUEST_EXPIRED":
      return t("errors.declineExpired");
    case "REQUEST_CANCELLED":
      return t("errors.declineCancelled");
    case "REQUEST_PAID":
    case "INVALID_STATE":
      return t("errors.declineChanged");
    case "NETWORK":
      return t("errors.declineNetwork");
    default:
      return failure.status === 401 ? t("errors.sessionEnded") : t("errors.declineFailed");
  }
}

const DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const isPositiveDecimal = (text: string) => DECIMAL.test(text) && !/^0(\.0*)?$/.test(text);
