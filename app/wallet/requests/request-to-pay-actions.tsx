"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useSecondsLeft } from "@/components/pay/countdown";
import { PAYABLE_STATUSES } from "@/components/pay/payer-status";
import { Alert } from "@/components/ui/alert";
import { apiFetch, ApiError } from "@/lib/api-client";
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
export function RequestToPayActions({ request, balances, describedBy }: { request: PayerViewJson; balances: Balance[]; describedBy: string }) {
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
            ? `Reserved ${shown} for ${request.merchant.name} — the merchant will confirm. Until then the money is set aside, not spent.`
            : `Paid ${shown} to ${request.merchant.name}.`,
        link: { href: `/pay/${request.id}`, text: "See the receipt" },
      });
    } catch (failure) {
      if (!(failure instanceof ApiError && failure.status === 0)) attemptKey.current = null;
      setMessage({ kind: "error", text: payFailure(failure, request.merchant.name) });
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
      setMessage({ kind: "success", text: `You declined the request from ${request.merchant.name}. Nothing was charged.` });
    } catch (failure) {
      setMessage({ kind: "error", text: declineFailure(failure) });
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
      {isOpen && mode === "idle" ? (
        <div className="actions">
          <button
            ref={payButtonRef}
            type="button"
            className="button"
            disabled={isBusy || isNotYetOpen}
            aria-busy={isBusy}
            aria-describedby={describedBy}
            onClick={() => (isAmountEntered ? setMode("pay") : void pay({}, `${request.value!.amount} ${request.value!.currency}`))}
          >
            {isBusy ? "Paying…" : "Pay"}
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
              Decline
            </button>
          ) : null}
        </div>
      ) : null}
      {isOpen && isNotYetOpen && mode === "idle" ? <p className="small muted">You can pay once it opens.</p> : null}
      {!isOpen && !message?.link ? (
        <p className="small">
          <Link href={`/pay/${request.id}`} aria-describedby={describedBy}>
            {request.yours ? "Receipt" : "Details"}
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
  const amountId = `pay-amount-${request.id}`;
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);
  const balance = balances.find((b) => b.currency === currency)?.amount ?? "0";
  const trimmed = amount.trim();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!isPositiveDecimal(trimmed)) {
      setError("Enter an amount such as 12.50.");
      inputRef.current?.focus();
      return;
    }
    setError(undefined);
    void onPay({ amount: trimmed, ...(request.value ? {} : { currency }) }, `${trimmed} ${currency}`);
  }

  return (
    <form className="stack request-form" onSubmit={submit} noValidate aria-label={`Pay ${request.merchant.name}`}>
      <div className="amount-row">
        <div className="field">
          <label htmlFor={amountId}>Amount</label>
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
            {request.amountDue ? `Still due ${request.amountDue} ${currency}. ` : ""}Your balance: {balance} {currency}
          </p>
          {error ? (
            <p id={`${amountId}-error`} className="field-error">
              {error}
            </p>
          ) : null}
        </div>
        {request.value ? null : (
          <div className="field">
            <label htmlFor={`${amountId}-currency`}>Currency</label>
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
          {isBusy ? "Paying…" : isPositiveDecimal(trimmed) ? `Pay ${trimmed} ${currency}` : "Pay"}
        </button>
        <button className="button button-secondary" type="button" onClick={onBack} disabled={isBusy}>
          Back
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
  const reasonId = `decline-reason-${request.id}`;
  const inputRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => inputRef.current?.focus(), []);
  return (
    <form
      className="stack request-form"
      aria-label={`Decline the request from ${request.merchant.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        void onDecline(reason.trim());
      }}
    >
      <div className="field">
        <label htmlFor={reasonId}>Reason (optional)</label>
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
          {request.merchant.name} sees it with the request.
        </p>
      </div>
      <div className="actions">
        <button className="button" type="submit" disabled={isBusy} aria-busy={isBusy}>
          {isBusy ? "Declining…" : "Decline"}
        </button>
        <button className="button button-secondary" type="button" onClick={onBack} disabled={isBusy}>
          Back
        </button>
      </div>
    </form>
  );
}

function payFailure(failure: unknown, merchant: string): string {
  if (!(failure instanceof ApiError)) return "Something went wrong. Nothing was charged.";
  switch (failure.code) {
    case "INSUFFICIENT_FUNDS":
      return "Your balance is not enough for this payment. Nothing was charged. Add money to your wallet, then pay again.";
    case "REQUEST_EXPIRED":
      return `This request has expired. Nothing was charged; ask ${merchant} for a new one.`;
    case "REQUEST_CANCELLED":
      return "This request was cancelled. Nothing was charged.";
    case "REQUEST_PAID":
      return "This request has already been paid. Nothing more was charged.";
    case "REQUEST_NOT_YET_VALID":
      return "This request is not open for payment yet. Nothing was charged.";
    case "INVALID_AMOUNT":
      return `${failure.message} Nothing was charged.`;
    case "NOT_FOUND":
      return "This request no longer exists.";
    case "NETWORK":
      return "Could not reach the wallet. Check your connection and try again; you will not be charged twice.";
    default:
      return failure.status === 401 ? "Your sign-in has ended. Reload the page and sign in again." : "Something went wrong. Nothing was charged.";
  }
}

function declineFailure(failure: unknown): string {
  if (!(failure instanceof ApiError)) return "Could not decline the request. Try again.";
  switch (failure.code) {
    case "REQUEST_EXPIRED":
      return "This request has expired already; there is nothing to decline.";
    case "REQUEST_CANCELLED":
      return "This request was already cancelled.";
    case "REQUEST_PAID":
    case "INVALID_STATE":
      return "This request can no longer be declined: it has been paid or changed meanwhile.";
    case "NETWORK":
      return "Could not reach the wallet. Check your connection and try again.";
    default:
      return failure.status === 401 ? "Your sign-in has ended. Reload the page and sign in again." : "Could not decline the request. Try again.";
  }
}

const DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const isPositiveDecimal = (text: string) => DECIMAL.test(text) && !/^0(\.0*)?$/.test(text);
