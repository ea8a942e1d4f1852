"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { apiFetch, ApiError } from "@/lib/api-client";
import type { PaymentRequestJson } from "@/lib/payment-requests/payment-request-view";
import { useMoney } from "../use-merchant-text";

/** Statuses whose received money can be refunded from the dashboard. */
const REFUNDABLE = new Set(["DONE", "ACCEPTED", "REFUND"]);
/** Statuses the dashboard can cancel (money already received or reserved goes back to the payers). */
const CANCELLABLE = new Set(["CREATED", "INCOMPLETE", "PENDING"]);

type Action = "capture" | "release" | "accept" | "cancel" | "refund";
type Form = "release" | "cancel" | "refund" | null;
type Message = { kind: "success" | "error"; text: string };
type Money = (amount: string, currency: string) => string;
type T = ReturnType<typeof useTranslations>;

/**
 * What the owner can do with one payment request on /merchant/{id}, by its status: "Capture" and "Release"
 * a reservation (PENDING), "Accept" a partly paid request as settled (INCOMPLETE), "Refund" money received
 * (DONE, ACCEPTED, REFUND), "Cancel" an open one. Each calls the owner route of that action; the outcome is
 * said in plain words where focus lands (errors in an alert), and `onChange` refreshes the list.
 */
export function RequestActions({
  base,
  request,
  describedBy,
  onChange,
}: {
  base: string;
  request: PaymentRequestJson;
  /** The id of the element naming the request (its code), for the buttons' descriptions. */
  describedBy: string;
  onChange: () => void;
}) {
  const t = useTranslations("merchantActions");
  const statusT = useTranslations("merchantStatus");
  const money = useMoney();
  const [form, setForm] = useState<Form>(null);
  const [message, setMessage] = useState<Message>();
  const [busy, setBusy] = useState<Action | null>(null);
  const isBusy = useRef(false);
  const messageRef = useRef<HTMLDivElement>(null);
  const toggles = useRef<Partial<Record<Exclude<Form, null>, HTMLButtonElement | null>>>({});
  const path = `${base}/payment-requests/${request.id}`;
  // An amount-less request names no currency in its JSON (value is null): amounts are then shown bare.
  const currency = request.value?.currency ?? "";
  const held = request.value ? money(request.value.amount, currency) : null;

  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);

  async function act(action: Action, body: Record<string, unknown> | undefined, success: () => string) {
    if (isBusy.current) return;
    isBusy.current = true;
    setBusy(action);
    setMessage(undefined);
    try {
      await apiFetch<unknown>(action === "refund" ? `${path}/refunds` : `${path}/${action}`, {
        method: "POST",
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      setForm(null);
      setMessage({ kind: "success", text: success() });
    } catch (failure) {
      setMessage({ kind: "error", text: actionFailure(t, money, (s) => (statusT.has(s) ? statusT(s) : s), action, failure, currency) });
    } finally {
      isBusy.current = false;
      setBusy(null);
      onChange();
    }
  }

  function closeForm(which: Exclude<Form, null>) {
    setForm(null);
    requestAnimationFrame(() => toggles.current[which]?.focus());
  }

  const status = request.status;
  const buttons: Array<{ key: Action; label: string; onClick: () => void; isSecondary?: boolean }> = [];
  if (status === "PENDING") {
    buttons.push({
      key: "capture",
      label: t("capture"),
      onClick: () => void act("capture", undefined, () => (held ? t("captured", { amount: held }) : t("capturedAny"))),
    });
    buttons.push({ key: "release", label: t("release"), onClick: () => setForm("release"), isSecondary: true });
  }
  if (status === "INCOMPLETE") {
    buttons.push({
      key: "accept",
      label: t("accept"),
      onClick: () => void act("accept", undefined, () => t("accepted", { amount: money(request.amountPaid, currency) })),
    });
  }
  if (REFUNDABLE.has(status)) buttons.push({ key: "refund", label: t("refund"), onClick: () => setForm("refund") });
  if (CANCELLABLE.has(status)) buttons.push({ key: "cancel", label: t("cancel"), onClick: () => setForm("cancel"), isSecondary: true });

  if (buttons.length === 0 && !message) return null;

  const paid = money(request.amountPaid, currency);
  const cancelExplanation =
    status === "INCOMPLETE" ? t("cancelPartsExplained", { amount: paid }) : status === "PENDING" ? (held ? t("cancelHeldExplained", { amount: held }) : t("cancelHeldAnyExplained")) : t("cancelOpenExplained");
  const cancelledText =
    status === "INCOMPLETE" ? t("cancelledParts", { amount: paid }) : status === "PENDING" ? (held ? t("cancelledHeld", { amount: held }) : t("cancelledHeldAny")) : t("cancelledOpen");

  return (
    <div className="stack request-actions">
      {message ? (
        <div ref={messageRef} tabIndex={-1} className="request-result">
          <Alert kind={message.kind}>{message.text}</Alert>
        </div>
      ) : null}
      {form === "refund" ? (
        <RefundForm
          request={request}
          currency={currency}
          isBusy={busy === "refund"}
          onBack={() => closeForm("refund")}
          onRefund={(body, shown) => act("refund", body, () => t("refunded", { amount: shown }))}
        />
      ) : null}
      {form === "release" ? (
        <ReasonForm
          id={`release-${request.id}`}
          label={t("releaseLabel", { code: request.shortCode })}
          explanation={held ? t("releaseExplained", { amount: held }) : t("releaseAnyExplained")}
          submit={t("release")}
          isBusy={busy === "release"}
          onBack={() => closeForm("release")}
          onSubmit={(reason) => act("release", reason ? { reason } : undefined, () => (held ? t("released", { amount: held }) : t("releasedAny")))}
        />
      ) : null}
      {form === "cancel" ? (
        <ReasonForm
          id={`cancel-${request.id}`}
          label={t("cancelLabel", { code: request.shortCode })}
          explanation={cancelExplanation}
          submit={t("cancelRequest")}
          isBusy={busy === "cancel"}
          onBack={() => closeForm("cancel")}
          onSubmit={(reason) => act("cancel", reason ? { reason } : undefined, () => cancelledText)}
        />
      ) : null}
      {form === null && buttons.length > 0 ? (
        <div className="request-buttons">
          {buttons.map((button) => (
            <button
              key={button.key}
              ref={(element) => {
                if (button.key === "refund" || button.key === "release" || button.key === "cancel") toggles.current[button.key] = element;
              }}
              type="button"
              className={`button${button.isSecondary ? " button-secondary" : ""}`}
              disabled={busy !== null}
              aria-busy={busy === button.key}
              aria-describedby={describedBy}
              onClick={button.onClick}
            >
              {button.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

function RefundForm({
  request,
  currency,
  isBusy,
  onRefund,
  onBack,
}: {
  request: PaymentRequestJson;
  currency: string;
  isBusy: boolean;
  onRefund: (body: { amount: string; externalRef: string; payment?: string }, shown: string) => Promise<void>;
  onBack: () => void;
}) {
  const t = useTranslations("merchantActions");
  const money = useMoney();
  const payments = request.related.filter((movement) => movement.type === "payment");
  const hasSeveral = payments.length > 1;
  const [payment, setPayment] = useState(payments[0]?.value ?? "");
  const [amount, setAmount] = useState(() => defaultRefund(request, hasSeveral ? payments[0]?.amount : undefined));
  // A reference of the UI's making (editable): the same reference sent twice makes one refund.
  const [reference, setReference] = useState(() => `refund-${Date.now()}`);
  const [error, setError] = useState<string>();
  const id = `refund-${request.id}`;
  const amountRef = useRef<HTMLInputElement>(null);
  useEffect(() => amountRef.current?.select(), []);
  const left = remaining(request);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = amount.trim();
    if (!isPositive(trimmed, request)) {
      setError(t("refundAmountInvalid", { example: left }));
      amountRef.current?.focus();
      return;
    }
    if (!reference.trim()) {
      setError(t("referenceMissing"));
      document.getElementById(`${id}-reference`)?.focus();
      return;
    }
    setError(undefined);
    void onRefund({ amount: trimmed, externalRef: reference.trim(), ...(hasSeveral ? { payment } : {}) }, money(trimmed, currency));
  }

  return (
    <form className="stack request-form" onSubmit={submit} noValidate aria-label={t("refundLabel", { code: request.shortCode })}>
      {hasSeveral ? (
        <div className="field">
          <label htmlFor={`${id}-payment`}>{t("paymentToRefund")}</label>
          <select
            id={`${id}-payment`}
            value={payment}
            onChange={(e) => {
              setPayment(e.target.value);
              setAmount(defaultRefund(request, payments.find((p) => p.value === e.target.value)?.amount));
            }}
          >
            {payments.map((p) => (
              <option key={p.value} value={p.value}>
                {money(p.amount, currency)} · {p.value.slice(0, 12)}…
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-amount`}>{currency ? t("refundAmountIn", { currency }) : t("refundAmount")}</label>
        <input
          id={`${id}-amount`}
          ref={amountRef}
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          aria-invalid={error && !isPositive(amount.trim(), request) ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        />
        <p id={`${id}-hint`} className="small muted field-hint">
          {t("refundHint", { amount: money(left, currency) })}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-reference`}>{t("reference")}</label>
        <input
          id={`${id}-reference`}
          autoComplete="off"
          maxLength={128}
          value={reference}
          onChange={(e) => setReference(e.target.value)}
          aria-describedby={`${id}-reference-hint`}
        />
        <p id={`${id}-reference-hint`} className="small muted field-hint">
          {t("referenceHint")}
        </p>
      </div>
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="actions">
        <button className="button" type="submit" disabled={isBusy} aria-busy={isBusy}>
          {isBusy ? t("refunding") : isPositive(amount.trim(), request) ? t("refundAmountButton", { amount: money(amount.trim(), currency) }) : t("refund")}
        </button>
        <button className="button button-secondary" type="button" onClick={onBack} disabled={isBusy}>
          {t("back")}
        </button>
      </div>
    </form>
  );
}

function ReasonForm({
  id,
  label,
  explanation,
  submit,
  isBusy,
  onSubmit,
  onBack,
}: {
  id: string;
  label: string;
  explanation: string;
  submit: string;
  isBusy: boolean;
  onSubmit: (reason: string) => Promise<void>;
  onBack: () => void;
}) {
  const t = useTranslations("merchantActions");
  const [reason, setReason] = useState("");
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);
  return (
    <form
      className="stack request-form"
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit(reason.trim());
      }}
    >
      <p className="small" id={`${id}-explanation`}>
        {explanation}
      </p>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t("reason")}</label>
        <input
          id={`${id}-reason`}
          ref={inputRef}
          autoComplete="off"
          maxLength={400}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-describedby={`${id}-explanation`}
        />
      </div>
      <div className="actions">
        <button className="button" type="submit" disabled={isBusy} aria-busy={isBusy} aria-describedby={`${id}-explanation`}>
          {isBusy ? t("working") : submit}
        </button>
        <button className="button button-secondary" type="button" onClick={onBack} disabled={isBusy}>
          {t("back")}
        </button>
      </div>
    </form>
  );
}

/** An owner route's refusal in plain words, in the reader's language (never the raw API message). */
function actionFailure(t: T, money: Money, statusName: (status: string) => string, action: Action, failure: unknown, currency: string): string {
  const verb = t(`verb.${action}`);
  if (!(failure instanceof ApiError)) return t("failedGeneric", { action: verb });
  const details = failure.details ?? {};
  switch (failure.code) {
    case "REPEAT_REFERENCE":
      return t("repeatReference");
    case "INSUFFICIENT_FUNDS":
      return t("refundInsufficient");
    case "INVALID_AMOUNT":
      return typeof details.refundable === "string"
        ? t("refundTooMuch", { amount: money(details.refundable, currency) })
        : action === "refund"
          ? t("invalidAmountRefund")
          : t("invalidAmount");
    case "VALIDATION_ERROR":
      return Array.isArray(details.payments) ? t("choosePayment") : t("invalidForm");
    case "PAYMENT_NOT_FOUND":
      return t("paymentGone");
    case "INVALID_STATE":
    case "REQUEST_CANCELLED":
    case "REQUEST_PAID":
    case "REQUEST_EXPIRED":
      return typeof details.status === "string"
        ? t("wrongStateNamed", { status: statusName(details.status), done: t(`past.${action}`) })
        : t("wrongState", { done: t(`past.${action}`) });
    case "FORBIDDEN":
      return t("forbidden");
    case "NOT_FOUND":
      return t("notFound");
    case "NETWORK":
      return t("network");
    default:
      return failure.status === 401 ? t("signedOut") : t("failedGeneric", { action: verb });
  }
}

/**
 * Decimal strings as integers of the request's minor unit, without floats. The request's own amounts
 * (amountPaid, always formatted with its currency's decimals) say how many decimals there are, so this also
 * works for an amount-less request, whose JSON names no currency.
 */
function minorUnits(text: string, decimals: number): bigint | null {
  const match = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? "";
  if (fraction.length > decimals) return null;
  return BigInt((match[1] ?? "0") + fraction.padEnd(decimals, "0"));
}

function decimalsOf(request: PaymentRequestJson): number {
  return request.amountPaid.split(".")[1]?.length ?? 0;
}

function toDecimal(minor: bigint, decimals: number): string {
  const digits = minor.toString().padStart(decimals + 1, "0");
  return decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** Money received and not yet refunded, as a decimal string. */
function remaining(request: PaymentRequestJson): string {
  const decimals = decimalsOf(request);
  const left = (minorUnits(request.amountPaid, decimals) ?? 0n) - (minorUnits(request.amountRefunded, decimals) ?? 0n);
  return toDecimal(left > 0n ? left : 0n, decimals);
}

/** The refund form's first amount: what remains, or for one of several payments the smaller of it and that payment. */
function defaultRefund(request: PaymentRequestJson, paymentAmount: string | undefined): string {
  const left = remaining(request);
  if (paymentAmount === undefined) return left;
  const decimals = decimalsOf(request);
  const payment = minorUnits(paymentAmount, decimals);
  return payment !== null && payment < (minorUnits(left, decimals) ?? 0n) ? paymentAmount : left;
}

/** A positive amount with no more decimals than the request's currency has. */
function isPositive(text: string, request: PaymentRequestJson): boolean {
  const minor = minorUnits(text, decimalsOf(request));
  return minor !== null && minor > 0n;
}
