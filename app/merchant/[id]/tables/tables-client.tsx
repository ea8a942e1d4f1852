"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import useSWR from "swr";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { apiFetch, ApiError, jsonFetcher } from "@/lib/api-client";
import type { PaymentRequestJson } from "@/lib/payment-requests/payment-request-view";
import type { SpotJson, SpotOrderJson } from "@/lib/spots/spot-view";
import { SpotStatusBadge } from "../spot-status-badge";

type Props = { merchantId: string; initialSpots: SpotJson[]; defaultCurrency: string; currencies: string[] };

/** A till watching its tables: every two seconds, also when the window is not focused. */
const POLL_MS = 2000;
/** Time the customer has to confirm an order sent to their phone (the request's expirySeconds). */
const ORDER_EXPIRY_SECONDS = 900;

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

export function TablesClient({ merchantId, initialSpots, defaultCurrency, currencies }: Props) {
  const base = `/api/merchants/${merchantId}`;
  const { data, mutate } = useSWR<{ spots: SpotJson[] }>(`${base}/spots`, jsonFetcher, {
    fallbackData: { spots: initialSpots },
    refreshInterval: POLL_MS,
    refreshWhenHidden: true,
    revalidateOnFocus: true,
    revalidateOnMount: false,
  });
  const spots = data?.spots ?? initialSpots;
  const [currency, setCurrency] = useState(defaultCurrency);
  const [announcement, setAnnouncement] = useState("");
  const seenWaiting = useRef(new Set(initialSpots.filter((s) => s.status === "waiting").map((s) => `${s.id}:${s.statusChangedAt}`)));

  // A customer who just checked in is announced (the list itself reorders without moving focus).
  useEffect(() => {
    const arrived = spots.filter((s) => s.status === "waiting" && !seenWaiting.current.has(`${s.id}:${s.statusChangedAt}`));
    for (const spot of arrived) seenWaiting.current.add(`${spot.id}:${spot.statusChangedAt}`);
    if (arrived.length > 0) setAnnouncement(arrived.map((s) => `${s.identifier}: a customer checked in.`).join(" "));
  }, [spots]);

  const waiting = spots.filter((s) => s.status === "waiting").length;
  const busy = spots.filter((s) => s.status === "busy").length;
  return (
    <div className="stack">
      <div className="row-head tables-head">
        <p className="muted" style={{ margin: 0 }} data-testid="tables-summary">
          {waiting} waiting · {busy} busy · {spots.length} in all
        </p>
        <div className="field">
          <label htmlFor="tables-currency">Currency</label>
          <select id="tables-currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
            {currencies.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
      </div>
      {spots.length === 0 ? (
        <p className="muted">No tables yet. Add a place and its spots on the merchant page, and print their QR codes.</p>
      ) : (
        <ul className="tables" aria-label="Tables">
          {spots.map((spot) => (
            <TableCard key={spot.id} base={base} spot={spot} currency={currency} onChange={() => mutate()} announce={setAnnouncement} />
          ))}
        </ul>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}

function TableCard({
  base,
  spot,
  currency,
  onChange,
  announce,
}: {
  base: string;
  spot: SpotJson;
  currency: string;
  onChange: () => Promise<unknown>;
  announce: (text: string) => void;
}) {
  const [error, setError] = useState<string>();
  const [busyAction, setBusyAction] = useState<string>();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = `table-${spot.id}`;
  const customer = spot.checkIns[0];
  const isOpen = spot.status === "waiting" || spot.status === "busy";
  const hasReserved = spot.orders.some((o) => o.status === "reserved");

  /** Runs one till action; the button pressed may be gone after it, so focus returns to the table's heading. */
  async function act(name: string, run: () => Promise<string>) {
    setBusyAction(name);
    setError(undefined);
    try {
      announce(await run());
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "That did not work. Please try again.");
    } finally {
      await onChange();
      setBusyAction(undefined);
      headingRef.current?.focus();
    }
  }

  const orderAction = (order: SpotOrderJson, action: "capture" | "release" | "cancel") =>
    act(`${action}:${order.id}`, async () => {
      await apiFetch<PaymentRequestJson>(`${base}/payment-requests/${order.id}/${action}`, { method: "POST" });
      const amount = amountOf(order);
      return action === "capture"
        ? `${spot.identifier}: captured ${amount}.`
        : action === "release"
          ? `${spot.identifier}: released ${amount}; the money went back to the customer.`
          : `${spot.identifier}: order of ${amount} cancelled.`;
    });

  const close = () =>
    act("close", async () => {
      await apiFetch<SpotJson>(`${base}/spots/${spot.id}/close`, { method: "POST" });
      return `${spot.identifier} closed.`;
    });

  return (
    <li>
      <article
        className={`card table-card${spot.status === "waiting" ? " is-waiting" : ""}`}
        aria-labelledby={headingId}
        data-testid="table"
        data-spot-status={spot.status}
      >
        <h2 id={headingId} ref={headingRef} tabIndex={-1} className="focus-heading">
          <span>{spot.identifier}</span>
          <SpotStatusBadge status={spot.status} />
        </h2>
        <div className="muted small">
          {spot.location.title}
          {customer ? (
            <>
              {" · "}
              {spot.status === "closed" ? "was " : ""}
              <strong>@{customer.user.handle}</strong>
              {customer.user.name ? ` (${customer.user.name})` : ""}, checked in{" "}
              <time dateTime={customer.checkedInAt} suppressHydrationWarning>
                {timeFormat.format(new Date(customer.checkedInAt))}
              </time>
            </>
          ) : spot.status === "free" ? (
            " · nobody checked in"
          ) : null}
        </div>
        {spot.orders.length > 0 ? (
          <ul className="row-list" aria-label={`Orders of ${spot.identifier}`}>
            {spot.orders.map((order) => (
              <li key={order.id} className="table-order" data-testid="table-order" data-order-status={order.status}>
                <div className="row-head">
                  <strong className="amount" id={`order-${order.id}`}>
                    {amountOf(order)}
                    {order.description ? <span className="muted small"> · {order.description}</span> : null}
                  </strong>
                  <span className={`status-badge${order.status === "confirmed" ? " status-done" : order.status === "closed" ? " status-ended" : ""}`}>
                    {order.status}
                  </span>
                </div>
                {order.status === "reserved" ? (
                  <div className="table-actions">
                    <button
                      className="button button-small"
                      type="button"
                      aria-describedby={`order-${order.id}`}
                      disabled={busyAction !== undefined}
                      onClick={() => void orderAction(order, "capture")}
                    >
                      Capture
                    </button>
                    <button
                      className="button button-secondary button-small"
                      type="button"
                      aria-describedby={`order-${order.id}`}
                      disabled={busyAction !== undefined}
                      onClick={() => void orderAction(order, "release")}
                    >
                      Release
                    </button>
                  </div>
                ) : order.status === "pending" ? (
                  <div className="table-actions">
                    <span className="small muted">Waiting for the customer to confirm…</span>
                    <button
                      className="button button-secondary button-small"
                      type="button"
                      aria-describedby={`order-${order.id}`}
                      disabled={busyAction !== undefined}
                      onClick={() => void orderAction(order, "cancel")}
                    >
                      Cancel order
                    </button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        {error ? <Alert>{error}</Alert> : null}
        {isOpen ? <OrderForm base={base} spot={spot} currency={currency} onSent={(text) => void act("order", async () => text)} /> : null}
        {isOpen ? (
          <>
            {hasReserved ? (
              <p className="small muted" id={`close-hint-${spot.id}`} style={{ margin: 0 }}>
                Capture or release the reserved order before closing.
              </p>
            ) : null}
            <button
              className="button button-secondary button-block"
              type="button"
              disabled={busyAction !== undefined || hasReserved}
              aria-describedby={hasReserved ? `close-hint-${spot.id}` : undefined}
              onClick={() => void close()}
            >
              Close visit
            </button>
          </>
        ) : null}
      </article>
    </li>
  );
}

function OrderForm({ base, spot, currency, onSent }: { base: string; spot: SpotJson; currency: string; onSent: (text: string) => void }) {
  const [error, setError] = useState<string>();
  const [amountError, setAmountError] = useState<string>();
  const [isBusy, setBusy] = useState(false);
  const isBusyRef = useRef(false);
  const amountId = `order-amount-${spot.id}`;

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isBusyRef.current) return;
    const form = event.currentTarget;
    const data = new FormData(form);
    const amount = String(data.get("amount") ?? "").trim();
    const description = String(data.get("description") ?? "").trim();
    if (!/^\d+(\.\d+)?$/.test(amount)) {
      setAmountError("Enter the amount of the order, such as 12.50.");
      document.getElementById(amountId)?.focus();
      return;
    }
    isBusyRef.current = true;
    setBusy(true);
    setError(undefined);
    setAmountError(undefined);
    let created: PaymentRequestJson | undefined;
    try {
      // The order is a payment request reserved on confirm and captured here, addressed to the customer by attaching it.
      created = await apiFetch<PaymentRequestJson>(`${base}/payment-requests`, {
        method: "POST",
        headers: { "idempotency-key": crypto.randomUUID() },
        body: JSON.stringify({
          value: { amount, currency },
          capture: "manual",
          expirySeconds: ORDER_EXPIRY_SECONDS,
          ...(description ? { description } : {}),
        }),
      });
      await apiFetch<SpotJson>(`${base}/spots/${spot.id}/order`, { method: "POST", body: JSON.stringify({ paymentRequestId: created.id }) });
      form.reset();
      onSent(`${spot.identifier}: order of ${amount} ${currency} sent.`);
    } catch (failure) {
      const message = failure instanceof ApiError ? failure.message : "Could not send the order.";
      if (failure instanceof ApiError && failure.code === "INVALID_AMOUNT") setAmountError(message);
      else setError(message);
      // A request made for an order that could not be attached is of no use to anyone: cancel it.
      if (created) await apiFetch(`${base}/payment-requests/${created.id}/cancel`, { method: "POST" }).catch(() => undefined);
    } finally {
      isBusyRef.current = false;
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={(e) => void send(e)} noValidate aria-label={`New order for ${spot.identifier}`}>
      {error ? <Alert>{error}</Alert> : null}
      <Field id={amountId} name="amount" label={`Amount (${currency})`} inputMode="decimal" autoComplete="off" placeholder="0.00" required error={amountError} />
      <Field id={`order-description-${spot.id}`} name="description" label="Description (optional)" maxLength={500} autoComplete="off" placeholder="e.g. Two coffees" />
      <button className="button button-block" type="submit" disabled={isBusy} aria-busy={isBusy}>
        {isBusy ? "Sending…" : "Send order"}
      </button>
    </form>
  );
}

const amountOf = (order: SpotOrderJson) => (order.value ? `${order.value.amount} ${order.value.currency}` : "any amount");
