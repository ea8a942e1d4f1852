"use client";

import { useLocale, useTranslations } from "next-intl";
import { useReasonText } from "@/app/merchant/use-reason-text";
import { useEffect, useRef, useState, type FormEvent } from "react";
import useSWR from "swr";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { apiFetch, jsonFetcher } from "@/lib/api-client";
import type { MerchantBalance } from "@/lib/merchants/get-merchant-balances";
import type { MerchantApiKeyView } from "@/lib/merchants/list-merchant-api-keys";
import type { MerchantDeliveryView } from "@/lib/merchants/list-merchant-deliveries";
import type { PaymentRequestJson } from "@/lib/payment-requests/payment-request-view";
import { amountOnly } from "../format";
import { useApiErrorText, useMoney, useWhen } from "../use-merchant-text";
import { RequestActions } from "./request-actions";
import { StatusBadge } from "./status-badge";

type Initial = { balances: MerchantBalance[]; requests: PaymentRequestJson[]; keys: MerchantApiKeyView[]; deliveries: MerchantDeliveryView[] };
type Message = { kind: "error" | "success"; text: string };

const REFRESH_MS = 5000;

export function MerchantDashboard({ merchantId, initial }: { merchantId: string; initial: Initial }) {
  const base = `/api/merchants/${merchantId}`;
  const options = { refreshInterval: REFRESH_MS, revalidateOnFocus: true, revalidateOnMount: false } as const;
  const balances = useSWR<{ balances: MerchantBalance[] }>(`${base}/balance`, jsonFetcher, { ...options, fallbackData: { balances: initial.balances } });
  const requests = useSWR<{ requests: PaymentRequestJson[] }>(`${base}/payment-requests?limit=20`, jsonFetcher, {
    ...options,
    fallbackData: { requests: initial.requests },
  });
  const keys = useSWR<{ keys: MerchantApiKeyView[] }>(`${base}/keys`, jsonFetcher, { revalidateOnMount: false, fallbackData: { keys: initial.keys } });
  const deliveries = useSWR<{ deliveries: MerchantDeliveryView[] }>(`${base}/deliveries`, jsonFetcher, {
    ...options,
    fallbackData: { deliveries: initial.deliveries },
  });
  const requestCodes = new Map((requests.data?.requests ?? []).map((r) => [r.id, r.shortCode]));

  return (
    <>
      <BalanceSection base={base} balances={balances.data?.balances ?? []} onChange={() => void balances.mutate()} />
      <RequestsSection
        base={base}
        requests={requests.data?.requests ?? []}
        onChange={() => {
          void requests.mutate();
          void balances.mutate();
          void deliveries.mutate();
        }}
      />
      <KeysSection base={base} keys={keys.data?.keys ?? []} onChange={() => void keys.mutate()} />
      <DeliveriesSection base={base} deliveries={deliveries.data?.deliveries ?? []} codes={requestCodes} onChange={() => void deliveries.mutate()} />
    </>
  );
}

/**
 * The outcome of an action, said where focus lands: success in a status, failure in an alert, both in a
 * focusable wrapper so a screen reader reads it and the keyboard goes on from there (never from <body>).
 */
function ResultMessage({ message }: { message: Message | undefined }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message]);
  if (!message) return null;
  return (
    <div ref={ref} tabIndex={-1} className="merchant-result">
      <Alert kind={message.kind}>{message.text}</Alert>
    </div>
  );
}

function BalanceSection({ base, balances, onChange }: { base: string; balances: MerchantBalance[]; onChange: () => void }) {
  const t = useTranslations("merchantDashboard");
  const locale = useLocale();
  const money = useMoney();
  const errorText = useApiErrorText();
  const [message, setMessage] = useState<Message>();
  const [amountError, setAmountError] = useState<string>();
  const [isBusy, setBusy] = useState(false);

  async function payOut(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const amount = String(data.get("amount") ?? "").trim();
    const currency = String(data.get("currency") ?? "");
    if (!/^\d+(\.\d+)?$/.test(amount)) {
      setAmountError(t("payoutAmountInvalid"));
      document.getElementById("payout-amount")?.focus();
      return;
    }
    setBusy(true);
    setMessage(undefined);
    setAmountError(undefined);
    try {
      const result = await apiFetch<{ amount: string; currency: string }>(`${base}/payouts`, { method: "POST", body: JSON.stringify({ amount, currency }) });
      setMessage({ kind: "success", text: t("paidOut", { amount: money(result.amount, result.currency) }) });
      form.reset();
    } catch (failure) {
      setMessage({ kind: "error", text: errorText(failure, t("payoutFailed")) });
    } finally {
      setBusy(false);
      onChange();
    }
  }

  return (
    <section aria-labelledby="balance-heading" className="stack section-gap">
      <h2 id="balance-heading">{t("balance")}</h2>
      {balances.length === 0 ? (
        <p className="muted">{t("noBalance")}</p>
      ) : (
        <ul className="balances" aria-label={t("balancesLabel")}>
          {balances.map((b) => (
            <li key={b.currency} className="card">
              <div className="muted small">{b.currency}</div>
              <div className="balance-amount" data-testid={`merchant-balance-${b.currency}`}>
                {amountOnly(locale, b.amount, b.currency)} <span className="visually-hidden">{b.currency}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {balances.length > 0 ? (
        <form className="card stack" onSubmit={(e) => void payOut(e)} noValidate aria-labelledby="payout-heading">
          <h3 id="payout-heading">{t("payoutHeading")}</h3>
          <ResultMessage message={message} />
          <div className="inline-form">
            <Field
              id="payout-amount"
              name="amount"
              label={t("amount")}
              inputMode="decimal"
              autoComplete="off"
              required
              placeholder="0.00"
              error={amountError}
            />
            <div className="field">
              <label htmlFor="payout-currency">{t("currency")}</label>
              <select id="payout-currency" name="currency" defaultValue={balances[0]?.currency}>
                {balances.map((b) => (
                  <option key={b.currency}>{b.currency}</option>
                ))}
              </select>
            </div>
            <button className="button" type="submit" disabled={isBusy} aria-busy={isBusy}>
              {t("payOut")}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

function RequestsSection({ base, requests, onChange }: { base: string; requests: PaymentRequestJson[]; onChange: () => void }) {
  const reasonText = useReasonText();
  const t = useTranslations("merchantDashboard");
  const money = useMoney();
  const when = useWhen();
  return (
    <section aria-labelledby="requests-heading" className="stack section-gap">
      <h2 id="requests-heading">{t("requests")}</h2>
      {requests.length === 0 ? (
        <p className="muted">{t("noRequests")}</p>
      ) : (
        <ul className="row-list card" aria-label={t("requests")}>
          {requests.map((r) => {
            const currency = r.value?.currency ?? "";
            const isDue = r.amountDue !== null && !/^0\.?0*$/.test(r.amountDue);
            const parts = [
              t("paidAndRefunded", { paid: money(r.amountPaid, currency), refunded: money(r.amountRefunded, currency) }),
              isDue ? t("due", { amount: money(r.amountDue!, currency) }) : null,
              r.status === "PENDING" ? t("reserved") : null,
              r.payer ? t("forPayer", { handle: r.payer }) : null,
            ].filter(Boolean);
            return (
              <li key={r.id} data-testid="payment-request" data-request-id={r.id}>
                <div className="row-head">
                  <strong className="mono" id={`request-${r.id}-code`}>
                    {r.shortCode}
                  </strong>
                  <StatusBadge status={r.status} />
                </div>
                <div className="row-head small">
                  <span>
                    {r.value ? money(r.value.amount, currency) : t("anyAmount")}
                    {r.description ? ` · ${r.description}` : ""}
                  </span>
                  <span className="muted">{when(r.createdAt)}</span>
                </div>
                <div className="small muted">{parts.join(" · ")}</div>
                {r.statusReason ? (
                  <p className="small" style={{ margin: "0.25rem 0 0" }} data-testid="request-reason">
                    {reasonText(r.statusReason)}
                  </p>
                ) : null}
                <RequestActions base={base} request={r} describedBy={`request-${r.id}-code`} onChange={onChange} />
                <details className="more">
                  <summary>{t("logAndPayments")}</summary>
                  <ol className="log" aria-label={t("logOf", { code: r.shortCode })}>
                    {r.log.map((entry, index) => (
                      <li key={index}>
                        <StatusBadge status={entry.status} /> {when(entry.createdAt)}
                        {entry.reason ? <span className="muted"> — {reasonText(entry.reason)}</span> : null}
                      </li>
                    ))}
                  </ol>
                  {r.related.length > 0 ? (
                    <ul className="log" aria-label={t("paymentsOf", { code: r.shortCode })}>
                      {r.related.map((m) => (
                        <li key={m.value}>
                          {m.type === "refund" ? t("refundMovement", { amount: money(m.amount, currency) }) : t("paymentMovement", { amount: money(m.amount, currency) })}{" "}
                          · <span className="mono">{m.value}</span> · {when(m.createdAt)}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  <p className="small muted" style={{ margin: "0.5rem 0 0" }}>
                    {t("requestId")} <span className="mono">{r.id}</span>
                    {r.externalRef ? (
                      <>
                        {" · "}
                        {t("yourReference")} <span className="mono">{r.externalRef}</span>
                      </>
                    ) : null}
                  </p>
                </details>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function KeysSection({ base, keys, onChange }: { base: string; keys: MerchantApiKeyView[]; onChange: () => void }) {
  const tk = useTranslations("merchantKeys");
  const when = useWhen();
  const errorText = useApiErrorText();
  const [created, setCreated] = useState<{ name: string; key: string }>();
  const [message, setMessage] = useState<Message>();
  const [isBusy, setBusy] = useState(false);
  const createdRef = useRef<HTMLDivElement>(null);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const name = String(data.get("name") ?? "").trim();
    const scopes = data.getAll("scopes").map(String);
    setBusy(true);
    setMessage(undefined);
    try {
      const result = await apiFetch<{ key: string; name: string }>(`${base}/keys`, {
        method: "POST",
        body: JSON.stringify({ ...(name ? { name } : {}), scopes }),
      });
      setCreated({ name: result.name, key: result.key });
      form.reset();
      requestAnimationFrame(() => createdRef.current?.focus());
    } catch (failure) {
      setMessage({ kind: "error", text: errorText(failure, tk("createFailed")) });
    } finally {
      setBusy(false);
      onChange();
    }
  }

  async function revoke(key: MerchantApiKeyView) {
    setMessage(undefined);
    try {
      await apiFetch(`${base}/keys/${key.id}`, { method: "DELETE" });
      setMessage({ kind: "success", text: tk("revoked", { name: key.name }) });
    } catch (failure) {
      setMessage({ kind: "error", text: errorText(failure, tk("revokeFailed")) });
    }
    onChange();
  }

  const scopeName = (scope: string) => (scope === "payments" ? tk("scopePayments") : scope === "refunds" ? tk("scopeRefunds") : scope);
  return (
    <section aria-labelledby="keys-heading" className="stack section-gap">
      <h2 id="keys-heading">{tk("heading")}</h2>
      <p className="muted small">
        {tk.rich("intro", { code: (chunks) => <code>{chunks}</code> })}
      </p>
      <ResultMessage message={message} />
      {created ? (
        <div className="card stack merchant-result" role="status" tabIndex={-1} ref={createdRef}>
          <p>
            <strong>{tk("createdTitle", { name: created.name })}</strong> {tk("createdHint")}
          </p>
          <pre className="token" data-testid="new-merchant-key">
            {created.key}
          </pre>
        </div>
      ) : null}
      <form className="card stack" onSubmit={(e) => void create(e)} noValidate aria-labelledby="new-key-heading">
        <h3 id="new-key-heading">{tk("newKey")}</h3>
        <Field id="key-name" name="name" label={tk("name")} placeholder={tk("namePlaceholder")} maxLength={100} />
        <fieldset className="checks">
          <legend>{tk("scopes")}</legend>
          <label>
            <input type="checkbox" name="scopes" value="payments" defaultChecked /> {tk("scopePayments")}
          </label>
          <label>
            <input type="checkbox" name="scopes" value="refunds" /> {tk("scopeRefunds")}
          </label>
        </fieldset>
        <button className="button" type="submit" disabled={isBusy} aria-busy={isBusy}>
          {tk("create")}
        </button>
      </form>
      {keys.length === 0 ? (
        <p className="muted">{tk("none")}</p>
      ) : (
        <ul className="row-list card" aria-label={tk("heading")}>
          {keys.map((k) => (
            <li key={k.id} className="row-head">
              <div>
                <div>
                  {k.name} <code className="muted small">{k.prefix}…</code>
                </div>
                <div className="muted small">
                  {tk("keyDetails", { scopes: k.scopes.map(scopeName).join(", "), created: when(k.createdAt), lastUsed: when(k.lastUsedAt) })}
                </div>
              </div>
              {k.revokedAt ? (
                <span className="muted small">{tk("revokedBadge")}</span>
              ) : (
                <button className="button button-secondary" type="button" onClick={() => void revoke(k)} aria-label={tk("revokeNamed", { name: k.name })}>
                  {tk("revoke")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DeliveriesSection({
  base,
  deliveries,
  codes,
  onChange,
}: {
  base: string;
  deliveries: MerchantDeliveryView[];
  codes: Map<string, string>;
  onChange: () => void;
}) {
  const td = useTranslations("merchantDeliveries");
  const status = useTranslations("merchantStatus");
  const when = useWhen();
  const errorText = useApiErrorText();
  const [message, setMessage] = useState<Message>();
  const [busyId, setBusyId] = useState<string>();

  async function redeliver(delivery: MerchantDeliveryView) {
    setBusyId(delivery.id);
    setMessage(undefined);
    try {
      const result = await apiFetch<{ status: string; lastError: string | null }>(`${base}/deliveries/${delivery.id}/redeliver`, { method: "POST" });
      setMessage(
        result.status === "delivered"
          ? { kind: "success", text: td("delivered") }
          : { kind: "error", text: td("notDelivered", { status: deliveryStatus(result.status) }) },
      );
    } catch (failure) {
      setMessage({ kind: "error", text: errorText(failure, td("redeliverFailed")) });
    } finally {
      setBusyId(undefined);
      onChange();
    }
  }

  function deliveryStatus(value: string): string {
    return value === "delivered" ? td("statusDelivered") : value === "pending" ? td("statusPending") : value === "failed" ? td("statusFailed") : value;
  }

  function callbackStatus(body: string): string {
    try {
      const parsed = JSON.parse(body) as { status?: unknown };
      return typeof parsed.status === "string" ? (status.has(parsed.status) ? status(parsed.status) : parsed.status) : td("callback");
    } catch {
      return td("callback");
    }
  }

  return (
    <section aria-labelledby="deliveries-heading" className="stack section-gap">
      <h2 id="deliveries-heading">{td("heading")}</h2>
      <p className="muted small">{td.rich("intro", { code: (chunks) => <code>{chunks}</code> })}</p>
      <ResultMessage message={message} />
      {deliveries.length === 0 ? (
        <p className="muted">{td("none")}</p>
      ) : (
        <ul className="row-list card" aria-label={td("heading")}>
          {deliveries.map((d) => {
            const told = callbackStatus(d.body);
            const code = codes.get(d.paymentRequestId) ?? d.paymentRequestId;
            const labelId = `delivery-${d.id}`;
            return (
              <li key={d.id}>
                <div className="row-head">
                  <span id={labelId}>
                    {td.rich("title", { status: told, code, strong: (chunks) => <strong>{chunks}</strong>, mono: (chunks) => <span className="mono">{chunks}</span> })}
                  </span>
                  <span className={`status-badge${d.status === "delivered" ? " status-done" : d.status === "pending" ? "" : " status-ended"}`}>
                    {deliveryStatus(d.status)}
                  </span>
                </div>
                <div className="small muted mono">{d.url}</div>
                <div className="small muted">
                  {[
                    td("queued", { when: when(d.createdAt) }),
                    d.nextAttemptAt ? td("nextTry", { when: when(d.nextAttemptAt) }) : null,
                    d.outcome,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </div>
                {d.attempts.length > 0 ? (
                  <ol className="log" aria-label={td("attemptsOf", { status: told })}>
                    {d.attempts.map((a, index) => (
                      <li key={index}>
                        {td("attempt", {
                          when: when(a.at),
                          answer: a.httpStatus !== null ? `HTTP ${a.httpStatus}` : td("noAnswer"),
                          ms: a.latencyMs,
                        })}
                        {a.error ? ` — ${a.error}` : ""}
                      </li>
                    ))}
                  </ol>
                ) : (
                  <p className="small muted" style={{ margin: "0.25rem 0 0" }}>
                    {td("notAttempted")}
                  </p>
                )}
                {d.status !== "delivered" ? (
                  <button
                    className="button button-secondary"
                    type="button"
                    style={{ marginTop: "0.5rem" }}
                    disabled={busyId === d.id}
                    aria-busy={busyId === d.id}
                    aria-describedby={labelId}
                    onClick={() => void redeliver(d)}
                  >
                    {td("redeliver")}
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
