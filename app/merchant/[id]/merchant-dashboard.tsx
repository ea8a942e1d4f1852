"use client";

import { useRef, useState, type FormEvent } from "react";
import useSWR from "swr";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { apiFetch, ApiError, jsonFetcher } from "@/lib/api-client";
import type { MerchantBalance } from "@/lib/merchants/get-merchant-balances";
import type { MerchantApiKeyView } from "@/lib/merchants/list-merchant-api-keys";
import type { MerchantDeliveryView } from "@/lib/merchants/list-merchant-deliveries";
import type { PaymentRequestJson } from "@/lib/payment-requests/payment-request-view";
import { RequestActions } from "./request-actions";

type Initial = { balances: MerchantBalance[]; requests: PaymentRequestJson[]; keys: MerchantApiKeyView[]; deliveries: MerchantDeliveryView[] };

/** Dates in UTC, the same on the server and in the browser (no hydration mismatch). */
const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
const when = (iso: string | null) => (iso ? `${dateFormat.format(new Date(iso))} UTC` : "never");
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

function BalanceSection({ base, balances, onChange }: { base: string; balances: MerchantBalance[]; onChange: () => void }) {
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [isBusy, setBusy] = useState(false);

  async function payOut(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const amount = String(data.get("amount") ?? "").trim();
    const currency = String(data.get("currency") ?? "");
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const result = await apiFetch<{ amount: string; currency: string }>(`${base}/payouts`, { method: "POST", body: JSON.stringify({ amount, currency }) });
      setDone(`Paid out ${result.amount} ${result.currency} to your wallet.`);
      form.reset();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "Could not pay out.");
    } finally {
      setBusy(false);
      onChange();
    }
  }

  return (
    <section aria-labelledby="balance-heading" className="stack section-gap">
      <h2 id="balance-heading">Balance</h2>
      {balances.length === 0 ? (
        <p className="muted">No money yet. Payments to this merchant show here.</p>
      ) : (
        <ul className="balances" aria-label="Merchant balances">
          {balances.map((b) => (
            <li key={b.currency} className="card">
              <div className="muted small">{b.currency}</div>
              <div className="balance-amount" data-testid={`merchant-balance-${b.currency}`}>
                {b.amount} <span className="visually-hidden">{b.currency}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {balances.length > 0 ? (
        <form className="card stack" onSubmit={(e) => void payOut(e)} noValidate aria-labelledby="payout-heading">
          <h3 id="payout-heading">Pay out to your wallet</h3>
          {error ? <Alert>{error}</Alert> : null}
          {done ? <Alert kind="success">{done}</Alert> : null}
          <div className="inline-form">
            <Field id="payout-amount" name="amount" label="Amount" inputMode="decimal" autoComplete="off" required placeholder="0.00" />
            <div className="field">
              <label htmlFor="payout-currency">Currency</label>
              <select id="payout-currency" name="currency" defaultValue={balances[0]?.currency}>
                {balances.map((b) => (
                  <option key={b.currency}>{b.currency}</option>
                ))}
              </select>
            </div>
            <button className="button" type="submit" disabled={isBusy}>
              Pay out
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const tone = ["DONE", "ACCEPTED"].includes(status) ? " status-done" : ["CANCELLED", "EXPIRED", "FAILED", "ERROR"].includes(status) ? " status-ended" : "";
  return <span className={`status-badge${tone}`}>{status}</span>;
}

function RequestsSection({ base, requests, onChange }: { base: string; requests: PaymentRequestJson[]; onChange: () => void }) {
  return (
    <section aria-labelledby="requests-heading" className="stack section-gap">
      <h2 id="requests-heading">Payment requests</h2>
      {requests.length === 0 ? (
        <p className="muted">No payment requests yet. Open the point of sale to ask for a payment.</p>
      ) : (
        <ul className="row-list card" aria-label="Payment requests">
          {requests.map((r) => {
            const currency = r.value?.currency ?? "";
            return (
              <li key={r.id} data-testid="payment-request" data-request-id={r.id}>
                <div className="row-head">
                  <strong className="mono" id={`request-${r.id}-code`}>
                    {r.shortCode}
                  </strong>
                  <StatusBadge status={r.status} />
                </div>
                <div className="row-head small">
                  <span>{r.value ? `${r.value.amount} ${currency}` : "Any amount"}{r.description ? ` · ${r.description}` : ""}</span>
                  <span className="muted">{when(r.createdAt)}</span>
                </div>
                <div className="small muted">
                  Paid {r.amountPaid} {currency} · refunded {r.amountRefunded} {currency}
                  {r.amountDue !== null && r.amountDue !== "0" && !/^0\.?0*$/.test(r.amountDue) ? ` · due ${r.amountDue} ${currency}` : ""}
                  {r.status === "PENDING" ? " · reserved: capture or release it" : ""}
                  {r.payer ? ` · for @${r.payer}` : ""}
                </div>
                {r.statusReason ? (
                  <p className="small" style={{ margin: "0.25rem 0 0" }} data-testid="request-reason">
                    {r.statusReason}
                  </p>
                ) : null}
                <RequestActions base={base} request={r} describedBy={`request-${r.id}-code`} onChange={onChange} />
                <details className="more">
                  <summary>Log and payments</summary>
                  <ol className="log" aria-label={`Status log of ${r.shortCode}`}>
                    {r.log.map((entry, index) => (
                      <li key={index}>
                        <StatusBadge status={entry.status} /> {when(entry.createdAt)}
                        {entry.reason ? <span className="muted"> — {entry.reason}</span> : null}
                      </li>
                    ))}
                  </ol>
                  {r.related.length > 0 ? (
                    <ul className="log" aria-label={`Payments of ${r.shortCode}`}>
                      {r.related.map((m) => (
                        <li key={m.value}>
                          {m.type === "refund" ? "Refund" : "Payment"} {m.amount} {currency} · <span className="mono">{m.value}</span> · {when(m.createdAt)}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  <p className="small muted" style={{ margin: "0.5rem 0 0" }}>
                    Request <span className="mono">{r.id}</span>
                    {r.externalRef ? (
                      <>
                        {" "}
                        · your reference <span className="mono">{r.externalRef}</span>
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
  const [created, setCreated] = useState<{ name: string; key: string }>();
  const [error, setError] = useState<string>();
  const [isBusy, setBusy] = useState(false);
  const createdRef = useRef<HTMLDivElement>(null);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const name = String(data.get("name") ?? "").trim();
    const scopes = data.getAll("scopes").map(String);
    setBusy(true);
    setError(undefined);
    try {
      const result = await apiFetch<{ key: string; name: string }>(`${base}/keys`, {
        method: "POST",
        body: JSON.stringify({ ...(name ? { name } : {}), scopes }),
      });
      setCreated({ name: result.name, key: result.key });
      form.reset();
      requestAnimationFrame(() => createdRef.current?.focus());
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "Could not create the key.");
    } finally {
      setBusy(false);
      onChange();
    }
  }

  async function revoke(id: string) {
    setError(undefined);
    try {
      await apiFetch(`${base}/keys/${id}`, { method: "DELETE" });
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "Could not revoke the key.");
    }
    onChange();
  }

  return (
    <section aria-labelledby="keys-heading" className="stack section-gap">
      <h2 id="keys-heading">API keys</h2>
      <p className="muted small">
        A till or shop system uses a key to create payment requests for this merchant (<code>Authorization: Bearer mk_…</code>). A key is shown once,
        when you create it.
      </p>
      {error ? <Alert>{error}</Alert> : null}
      {created ? (
        <div className="card stack" role="status" tabIndex={-1} ref={createdRef}>
          <p>
            <strong>Your new key “{created.name}”.</strong> Copy it now: it will not be shown again.
          </p>
          <pre className="token" data-testid="new-merchant-key">
            {created.key}
          </pre>
        </div>
      ) : null}
      <form className="card stack" onSubmit={(e) => void create(e)} noValidate>
        <Field id="key-name" name="name" label="Key name" placeholder="e.g. Front till" maxLength={100} />
        <fieldset className="checks">
          <legend>Scopes</legend>
          <label>
            <input type="checkbox" name="scopes" value="payments" defaultChecked /> Payments
          </label>
          <label>
            <input type="checkbox" name="scopes" value="refunds" /> Refunds
          </label>
        </fieldset>
        <button className="button" type="submit" disabled={isBusy}>
          Create key
        </button>
      </form>
      {keys.length === 0 ? (
        <p className="muted">No keys yet.</p>
      ) : (
        <ul className="row-list card" aria-label="API keys">
          {keys.map((k) => (
            <li key={k.id} className="row-head">
              <div>
                <div>
                  {k.name} <code className="muted small">{k.prefix}…</code>
                </div>
                <div className="muted small">
                  {k.scopes.join(", ")} · created {when(k.createdAt)} · last used {when(k.lastUsedAt)}
                </div>
              </div>
              {k.revokedAt ? (
                <span className="muted small">Revoked</span>
              ) : (
                <button className="button button-secondary" type="button" onClick={() => void revoke(k.id)} aria-label={`Revoke ${k.name}`}>
                  Revoke
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
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string }>();
  const [busyId, setBusyId] = useState<string>();

  async function redeliver(delivery: MerchantDeliveryView) {
    setBusyId(delivery.id);
    setMessage(undefined);
    try {
      const result = await apiFetch<{ status: string; lastError: string | null }>(`${base}/deliveries/${delivery.id}/redeliver`, { method: "POST" });
      setMessage(
        result.status === "delivered"
          ? { kind: "success", text: "Callback delivered." }
          : { kind: "error", text: `Callback sent again: ${result.status}${result.lastError ? ` (${result.lastError})` : ""}.` },
      );
    } catch (failure) {
      setMessage({ kind: "error", text: failure instanceof ApiError ? failure.message : "Could not send the callback again." });
    } finally {
      setBusyId(undefined);
      onChange();
    }
  }

  return (
    <section aria-labelledby="deliveries-heading" className="stack section-gap">
      <h2 id="deliveries-heading">Callback deliveries</h2>
      <p className="muted small">
        Requests created with a <code>callbackUrl</code> are called back, signed, on every status change. Failed calls are retried for 24 hours.
      </p>
      {message ? <Alert kind={message.kind}>{message.text}</Alert> : null}
      {deliveries.length === 0 ? (
        <p className="muted">No callbacks yet.</p>
      ) : (
        <ul className="row-list card" aria-label="Callback deliveries">
          {deliveries.map((d) => {
            const told = callbackStatus(d.body);
            const labelId = `delivery-${d.id}`;
            return (
              <li key={d.id}>
                <div className="row-head">
                  <span id={labelId}>
                    <strong>{told}</strong> for <span className="mono">{codes.get(d.paymentRequestId) ?? d.paymentRequestId}</span>
                  </span>
                  <span className={`status-badge${d.status === "delivered" ? " status-done" : d.status === "pending" ? "" : " status-ended"}`}>{d.status}</span>
                </div>
                <div className="small muted mono">{d.url}</div>
                <div className="small muted">
                  Queued {when(d.createdAt)}
                  {d.nextAttemptAt ? ` · next try ${when(d.nextAttemptAt)}` : ""}
                  {d.outcome ? ` · ${d.outcome}` : ""}
                </div>
                {d.attempts.length > 0 ? (
                  <ol className="log" aria-label={`Attempts of the callback ${told}`}>
                    {d.attempts.map((a, index) => (
                      <li key={index}>
                        {when(a.at)}: {a.httpStatus !== null ? `HTTP ${a.httpStatus}` : "no answer"}
                        {a.error ? ` — ${a.error}` : ""} ({a.latencyMs} ms)
                      </li>
                    ))}
                  </ol>
                ) : (
                  <p className="small muted" style={{ margin: "0.25rem 0 0" }}>
                    Not attempted yet.
                  </p>
                )}
                {d.status !== "delivered" ? (
                  <button
                    className="button button-secondary"
                    type="button"
                    style={{ marginTop: "0.5rem" }}
                    disabled={busyId === d.id}
                    aria-describedby={labelId}
                    onClick={() => void redeliver(d)}
                  >
                    Redeliver
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

function callbackStatus(body: string): string {
  try {
    const parsed = JSON.parse(body) as { status?: unknown };
    return typeof parsed.status === "string" ? parsed.status : "Callback";
  } catch {
    return "Callback";
  }
}
