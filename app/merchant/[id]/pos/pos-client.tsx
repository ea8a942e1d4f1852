"use client";

import { useTranslations } from "next-intl";
import { useReasonText } from "@/app/merchant/use-reason-text";
import { QRCodeSVG } from "qrcode.react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import useSWR from "swr";
import { Countdown } from "@/components/pay/countdown";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { apiFetch, ApiError, jsonFetcher } from "@/lib/api-client";
import type { PaymentRequestJson } from "@/lib/payment-requests/payment-request-view";
import { useApiErrorText, useMoney } from "../../use-merchant-text";

type Props = { merchantId: string; merchantName: string; defaultCurrency: string; currencies: string[]; defaultExpirySeconds: number };

/** About every second, as a till waiting at the counter should; a finished request is not polled. */
const POLL_MS = 1000;
const WAITING = new Set(["CREATED", "INCOMPLETE", "PENDING", "PROCESSING"]);
const PAID = new Set(["DONE", "ACCEPTED", "OVERPAID", "EARLY", "LATE"]);
const pollWhileWaiting = (latest?: PaymentRequestJson) => (!latest || WAITING.has(latest.status) ? POLL_MS : 0);

export function PosClient(props: Props) {
  const [request, setRequest] = useState<PaymentRequestJson>();
  const [currency, setCurrency] = useState(props.defaultCurrency);
  // One live region for the whole till, present from the first render, so that screen readers announce the
  // outcome ("Paid 4.20 USD", "Expired", "Cancelled") when it changes (a region that appears with its text
  // is often not read).
  const [announcement, setAnnouncement] = useState("");
  return (
    <>
      {request ? (
        <RequestView
          merchantId={props.merchantId}
          merchantName={props.merchantName}
          created={request}
          announce={setAnnouncement}
          onNewSale={() => {
            setAnnouncement("");
            setRequest(undefined);
          }}
        />
      ) : (
        <SaleForm {...props} currency={currency} onCurrency={setCurrency} onCreated={setRequest} />
      )}
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="pos-announcement">
        {announcement}
      </p>
    </>
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
  const t = useTranslations("merchantPos");
  const errorText = useApiErrorText();
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
      setAmountError(t("amountInvalid"));
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
        setAmountError(t("amountRefused"));
        document.getElementById("pos-amount")?.focus();
      } else if (failure instanceof ApiError && failure.code === "VALIDATION_ERROR" && expiry) {
        setError(t("expiryInvalid"));
      } else {
        setError(errorText(failure, t("createFailed")));
      }
    }
    isBusyRef.current = false;
    setBusy(false);
  }

  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="sale-heading">
      <h2 id="sale-heading" className="section-title">
        {t("newSale")}
      </h2>
      {error ? <Alert>{error}</Alert> : null}
      <div className="amount-row">
        <Field id="pos-amount" name="amount" label={t("amount")} inputMode="decimal" autoComplete="off" placeholder="0.00" required error={amountError} />
        <div className="field">
          <label htmlFor="pos-currency">{t("currency")}</label>
          <select id="pos-currency" name="currency" value={currency} onChange={(e) => onCurrency(e.target.value)}>
            {currencies.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
      </div>
      <Field
        id="pos-description"
        name="description"
        label={t("description")}
        maxLength={500}
        autoComplete="off"
        placeholder={t("descriptionPlaceholder")}
      />
      <details className="more">
        <summary>{t("moreOptions")}</summary>
        <div className="field">
          <label htmlFor="pos-expiry">{t("expiry")}</label>
          <input
            id="pos-expiry"
            name="expirySeconds"
            type="number"
            min={10}
            max={86400}
            step={1}
            placeholder={String(defaultExpirySeconds)}
            aria-describedby="pos-expiry-hint"
          />
          <p id="pos-expiry-hint" className="muted small field-hint">
            {t("expiryHint", { seconds: defaultExpirySeconds })}
          </p>
        </div>
      </details>
      <button className="button button-block button-large" type="submit" disabled={isBusy} aria-busy={isBusy}>
        {isBusy ? t("creating") : t("requestPayment")}
      </button>
    </form>
  );
}

function RequestView({
  merchantId,
  merchantName,
  created,
  announce,
  onNewSale,
}: {
  merchantId: string;
  merchantName: string;
  created: PaymentRequestJson;
  announce: (text: string) => void;
  onNewSale: () => void;
}) {
  const t = useTranslations("merchantPos");
  const money = useMoney();
  const errorText = useApiErrorText();
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
      setError(errorText(failure, t("cancelFailed")));
      await mutate();
    } finally {
      setCancelling(false);
    }
  }

  if (!isWaiting) return <Result request={request} announce={announce} onNewSale={onNewSale} />;
  const amountText = money(value.amount, value.currency);
  return (
    <section className="card qr-wrap pos-request" aria-labelledby="pos-request-heading">
      <h2 id="pos-request-heading" className="visually-hidden">
        {t("waitingHeading")}
      </h2>
      <p className="pos-amount" data-testid="pos-amount">
        {amountText}
      </p>
      {request.description ? <p className="muted pos-caption">{request.description}</p> : null}
      <div className="qr-box">
        <QRCodeSVG
          value={request.url}
          size={256}
          level="M"
          marginSize={4}
          bgColor="#ffffff"
          fgColor="#000000"
          title={t("qrTitle", { amount: amountText, merchant: merchantName })}
        />
      </div>
      <p className="muted small pos-caption">{t("scanOrEnter")}</p>
      <p className="short-code" data-testid="pos-short-code">
        {request.shortCode}
      </p>
      <Countdown expiresAt={Date.parse(request.expiresAt) / 1000} label={t("expiresIn")} />
      <p className="small pos-caption" role="status" aria-live="polite">
        {request.status === "INCOMPLETE"
          ? t("partPaid", { paid: money(request.amountPaid, value.currency), amount: amountText })
          : request.status === "PENDING"
            ? t("reserved")
            : t("waiting")}
      </p>
      {error ? <Alert>{error}</Alert> : null}
      <button className="button button-secondary" type="button" onClick={() => void cancel()} disabled={isCancelling} aria-busy={isCancelling}>
        {t("cancelRequest")}
      </button>
    </section>
  );
}

function Result({ request, announce, onNewSale }: { request: PaymentRequestJson; announce: (text: string) => void; onNewSale: () => void }) {
  const t = useTranslations("merchantPos");
  const status = useTranslations("merchantStatus");
  const reasonText = useReasonText();
  const money = useMoney();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const value = request.value!;
  const isPaid = PAID.has(request.status);
  const amount = money(isPaid ? request.amountPaid : value.amount, value.currency);
  const title = isPaid
    ? t("paid")
    : request.status === "EXPIRED"
      ? t("expired")
      : request.status === "CANCELLED"
        ? t("cancelled")
        : request.status === "FAILED"
          ? t("failed")
          : status.has(request.status)
            ? status(request.status)
            : request.status;
  const detail = isPaid
    ? request.description
      ? t("paidDetailWithDescription", { code: request.shortCode, description: request.description })
      : t("paidDetail", { code: request.shortCode })
    : request.status === "EXPIRED"
      ? t("expiredDetail")
      : request.status === "CANCELLED"
        ? t("cancelledDetail")
        : request.statusReason
          ? reasonText(request.statusReason)
          : "";
  const spoken = isPaid ? t("paidAnnouncement", { amount }) : title;

  // The outcome replaces the QR code: say it in the till's live region, and focus its heading so it is read
  // out and "New sale" is one Tab away.
  useEffect(() => {
    announce(spoken);
    headingRef.current?.focus();
  }, [announce, spoken]);

  return (
    <section className="card stack pos-result" aria-labelledby="pos-result-heading">
      <h2 id="pos-result-heading" ref={headingRef} tabIndex={-1} className={isPaid ? "pos-paid" : "pos-ended"}>
        {isPaid ? <span aria-hidden="true">✓ </span> : null}
        {title}
      </h2>
      <p className="pos-amount" data-testid="pos-result-amount">
        {amount}
      </p>
      <p className="muted pos-caption">{detail}</p>
      <button className="button button-block button-large" type="button" onClick={onNewSale}>
        {t("newSale")}
      </button>
    </section>
  );
}
