"use client";

import { QRCodeSVG } from "qrcode.react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import useSWR from "swr";
import { Countdown } from "@/components/pay/countdown";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { apiFetch, ApiError, jsonFetcher } from "@/lib/api-client";
import type { PaymentRequestJson } from "@/lib/payment-requests/payment-request-view";

type Props = { merchantId: string; merchantName: string; defaultCurrency: string; currencies: string[]; defaultExpirySeconds: number };

/** About every second, as a till waiting at the counter should; a finished request is not polled. */
const POLL_MS = 1000;
const WAITING = new Set(["CREATED", "INCOMPLETE", "PENDING", "PROCESSING"]);
const PAID = new Set(["DONE", "ACCEPTED", "OVERPAID", "EARLY", "LATE"]);
const pollWhileWaiting = (latest?: PaymentRequestJson) => (!latest || WAITING.has(latest.status) ? POLL_MS : 0);

export function PosClient(props: Props) {
  const [request, setRequest] = useState<PaymentRequestJson>();
  const [currency, setCurrency] = useState(props.defaultCurrency);
  return request ? (
    <RequestView
      merchantId={props.merchantId}
      merchantName={props.merchantName}
      created={request}
      onNewSale={() => setRequest(undefined)}
    />
  ) : (
    <SaleForm {...props} currency={currency} onCurrency={setCurrency} onCreated={setRequest} />
  );
}

function SaleForm({
  merchantId,
  currencies,
  defaultExpirySeconds,
  currency,
  onCurrency,
  onCreated,
}: Props & { currency: string; onCurrency: (c: string) => void; onCreated: (r: PaymentRequestJson) => void }) {
  const [error, setError] = useState<string>();
  const [amountError, setAmountError] = useState<string>();
  const [isBusy, setBusy] = useState(false);
  const isBusyRef = useRef(false);

  // A new sale starts in the amount field.
  useEffect(() => {
    document.getElementById("pos-amount")?.focus();
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isBusyRef.current) return;
    const data = new FormData(event.currentTarget);
    const amount = String(data.get("amount") ?? "").trim();
    const description = String(data.get("description") ?? "").trim();
    const expiry = String(data.get("expirySeconds") ?? "").trim();
    if (!/^\d+(\.\d+)?$/.test(amount)) {
      setAmountError("Enter the amount to ask for, such as 4.20.");
      document.getElementById("pos-amount")?.focus();
      return;
    }
    isBusyRef.current = true;
    setBusy(true);
    setError(undefined);
    setAmountError(undefined);
    try {
      const created = await apiFetch<PaymentRequestJson>(`/api/merchants/${merchantId}/payment-requests`, {
        method: "POST",
        // One key per sale: a retried click or a lost answer never makes two requests.
        headers: { "idempotency-key": crypto.randomUUID() },
        body: JSON.stringify({
          value: { amount, currency },
          ...(description ? { description } : {}),
          ...(expiry ? { expirySeconds: Number(expiry) } : {}),
        }),
      });
      onCreated(created);
      return;
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === "INVALID_AMOUNT") {
        setAmountError(failure.message);
        document.getElementById("pos-amount")?.focus();
      } else {
        setError(failure instanceof ApiError ? failure.message : "Could not create the payment request.");
      }
    }
    isBusyRef.current = false;
    setBusy(false);
  }

  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="sale-heading">
      <h2 id="sale-heading" className="section-title">
        New sale
      </h2>
      {error ? <Alert>{error}</Alert> : null}
      <div className="amount-row">
        <Field id="pos-amount" name="amount" label="Amount" inputMode="decimal" autoComplete="off" placeholder="0.00" required error={amountError} />
        <div className="field">
          <label htmlFor="pos-currency">Currency</label>
          <select id="pos-currency" name="currency" value={currency} onChange={(e) => onCurrency(e.target.value)}>
            {currencies.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
      </div>
      <Field id="pos-description" name="description" label="Description (optional)" maxLength={500} autoComplete="off" placeholder="e.g. Two coffees" />
      <details className="more">
        <summary>More options</summary>
        <Field
          id="pos-expiry"
          name="expirySeconds"
          label="Time to pay (seconds)"
          type="number"
          min={10}
          max={86400}
          step={1}
          placeholder={String(defaultExpirySeconds)}
          aria-describedby="pos-expiry-hint"
        />
        <p id="pos-expiry-hint" className="muted small field-hint">
          From 10 seconds to a day; {defaultExpirySeconds} seconds when left blank.
        </p>
      </details>
      <button className="button button-block button-large" type="submit" disabled={isBusy} aria-busy={isBusy}>
        {isBusy ? "Creating…" : "Request payment"}
      </button>
    </form>
  );
}

function RequestView({
  merchantId,
  merchantName,
  created,
  onNewSale,
}: {
  merchantId: string;
  merchantName: string;
  created: PaymentRequestJson;
  onNewSale: () => void;
}) {
  const { data, mutate } = useSWR<PaymentRequestJson>(`/api/merchants/${merchantId}/payment-requests/${created.id}`, jsonFetcher, {
    fallbackData: created,
    refreshInterval: pollWhileWaiting,
    revalidateOnFocus: true,
    revalidateOnMount: false,
    // A till keeps polling even when it is not the focused window.
    refreshWhenHidden: true,
  });
  const request = data ?? created;
  const [error, setError] = useState<string>();
  const [isCancelling, setCancelling] = useState(false);
  const isWaiting = WAITING.has(request.status);
  const value = request.value!;

  async function cancel() {
    setCancelling(true);
    setError(undefined);
    try {
      const cancelled = await apiFetch<PaymentRequestJson>(`/api/merchants/${merchantId}/payment-requests/${request.id}/cancel`, { method: "POST" });
      await mutate(cancelled, { revalidate: false });
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "Could not cancel the request.");
      await mutate();
    } finally {
      setCancelling(false);
    }
  }

  if (!isWaiting) return <Result request={request} onNewSale={onNewSale} />;
  const amountText = `${value.amount} ${value.currency}`;
  return (
    <section className="card qr-wrap pos-request" aria-labelledby="pos-request-heading">
      <h2 id="pos-request-heading" className="visually-hidden">
        Waiting for payment
      </h2>
      <p className="pos-amount" data-testid="pos-amount">
        {amountText}
      </p>
      {request.description ? <p className="muted" style={{ margin: 0 }}>{request.description}</p> : null}
      <div className="qr-box">
        <QRCodeSVG
          value={request.url}
          size={256}
          level="M"
          marginSize={4}
          bgColor="#ffffff"
          fgColor="#000000"
          title={`QR code to pay ${amountText} to ${merchantName}`}
        />
      </div>
      <p className="muted small" style={{ margin: 0 }}>
        Scan with a phone camera or the wallet, or enter the code:
      </p>
      <p className="short-code" data-testid="pos-short-code">
        {request.shortCode}
      </p>
      <Countdown expiresAt={Date.parse(request.expiresAt) / 1000} />
      <p className="small" role="status" aria-live="polite">
        {request.status === "INCOMPLETE"
          ? `Part paid: ${request.amountPaid} of ${amountText}. Waiting for the rest…`
          : request.status === "PENDING"
            ? "Payment reserved: waiting for capture…"
            : "Waiting for payment…"}
      </p>
      {error ? <Alert>{error}</Alert> : null}
      <button className="button button-secondary" type="button" onClick={() => void cancel()} disabled={isCancelling}>
        Cancel request
      </button>
    </section>
  );
}

function Result({ request, onNewSale }: { request: PaymentRequestJson; onNewSale: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The outcome replaces the QR code: focus it so it is read out, and so "New sale" is one Tab away.
  useEffect(() => headingRef.current?.focus(), []);
  const value = request.value!;
  const isPaid = PAID.has(request.status);
  const title = isPaid
    ? "Paid"
    : request.status === "EXPIRED"
      ? "Expired"
      : request.status === "CANCELLED"
        ? "Cancelled"
        : request.status === "FAILED"
          ? "Payment failed"
          : request.status;
  return (
    <section className="card stack pos-result" aria-labelledby="pos-result-heading">
      <div role="status" aria-live="polite">
        <h2 id="pos-result-heading" ref={headingRef} tabIndex={-1} className={isPaid ? "pos-paid" : "pos-ended"}>
          {isPaid ? <span aria-hidden="true">✓ </span> : null}
          {title}
        </h2>
        <p className="pos-amount" data-testid="pos-result-amount">
          {isPaid ? request.amountPaid : value.amount} {value.currency}
        </p>
      </div>
      <p className="muted">
        {isPaid
          ? `Code ${request.shortCode}${request.description ? ` · ${request.description}` : ""}`
          : request.status === "EXPIRED"
            ? "Nothing was paid before the code expired."
            : request.status === "CANCELLED"
              ? "The request was cancelled. Nothing was charged."
              : (request.statusReason ?? "")}
      </p>
      <button className="button button-block button-large" type="button" onClick={onNewSale}>
        New sale
      </button>
    </section>
  );
}
