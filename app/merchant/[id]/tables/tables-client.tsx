"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import useSWR from "swr";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { apiFetch, ApiError, jsonFetcher } from "@/lib/api-client";
import type { PaymentRequestJson } from "@/lib/payment-requests/payment-request-view";
import type { SpotJson, SpotOrderJson } from "@/lib/spots/spot-view";
import { useApiErrorText, useMoney } from "../../use-merchant-text";
import { SpotStatusBadge } from "../spot-status-badge";

type Props = { merchantId: string; initialSpots: SpotJson[]; defaultCurrency: string; currencies: string[] };

/** A till watching its tables: every two seconds, also when the window is not focused. */
const POLL_MS = 2000;
/** Time the customer has to confirm an order sent to their phone (the request's expirySeconds). */
const ORDER_EXPIRY_SECONDS = 900;

export function TablesClient({ merchantId, initialSpots, defaultCurrency, currencies }: Props) {
  const t = useTranslations("merchantTables");
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
    if (arrived.length > 0) setAnnouncement(arrived.map((s) => t("checkedInAnnouncement", { spot: s.identifier })).join(" "));
  }, [spots, t]);

  const waiting = spots.filter((s) => s.status === "waiting").length;
  const busy = spots.filter((s) => s.status === "busy").length;
  return (
    <div className="stack">
      <div className="row-head tables-head">
        <p className="muted" style={{ margin: 0 }} data-testid="tables-summary">
          {t("summary", { waiting, busy, total: spots.length })}
        </p>
        <div className="field">
          <label htmlFor="tables-currency">{t("currency")}</label>
          <select id="tables-currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
            {currencies.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
      </div>
      {spots.length === 0 ? (
        <p className="muted">{t("none")}</p>
      ) : (
        <ul className="tables" aria-label={t("heading")}>
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
  const t = useTranslations("merchantTables");
  const orderStatus = useTranslations("merchantOrderStatus");
  const format = useFormatter();
  const money = useMoney();
  const errorText = useApiErrorText();
  const amountOf = (order: SpotOrderJson) => (order.value ? money(order.value.amount, order.value.currency) : t("anyAmount"));
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
      setError(errorText(failure, t("actionFailed")));
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
        ? t("captured", { spot: spot.identifier, amount })
        : action === "release"
          ? t("released", { spot: spot.identifier, amount })
          : t("orderCancelled", { spot: spot.identifier, amount });
    });

  const close = () =>
    act("close", async () => {
      await apiFetch<SpotJson>(`${base}/spots/${spot.id}/close`, { method: "POST" });
      return t("closed", { spot: spot.identifier });
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
              {t.rich(spot.status === "closed" ? "wasCheckedIn" : "checkedIn", {
                handle: customer.user.handle,
                name: customer.user.name ?? "",
                hasName: customer.user.name ? "yes" : "no",
                strong: (chunks) => <strong>{chunks}</strong>,
                at: format.dateTime(new Date(customer.checkedInAt), { timeStyle: "short" }),
                time: (chunks) => (
                  <time dateTime={customer.checkedInAt} suppressHydrationWarning>
                    {chunks}
                  </time>
                ),
              })}
            </>
          ) : spot.status === "free" ? (
            ` · ${t("nobody")}`
          ) : null}
        </div>
        {spot.orders.length > 0 ? (
          <ul className="row-list" aria-label={t("ordersOf", { spot: spot.identifier })}>
            {spot.orders.map((order) => (
              <li key={order.id} className="table-order" data-testid="table-order" data-order-status={order.status}>
                <div className="row-head">
                  <strong className="amount" id={`order-${order.id}`}>
                    {amountOf(order)}
                    {order.description ? <span className="muted small"> · {order.description}</span> : null}
                  </strong>
                  <span className={`status-badge${order.status === "confirmed" ? " status-done" : order.status === "closed" ? " status-ended" : ""}`}>
                    {orderStatus.has(order.status) ? orderStatus(order.status) : order.status}
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
                      {t("capture")}
                    </button>
                    <button
                      className="button button-secondary button-small"
                      type="button"
                      aria-describedby={`order-${order.id}`}
                      disabled={busyAction !== undefined}
                      onClick={() => void orderAction(order, "release")}
                    >
                      {t("release")}
                    </button>
                  </div>
                ) : order.status === "pending" ? (
                  <div className="table-actions">
                    <span className="small muted">{t("waitingForCustomer")}</span>
                    <button
                      className="button button-secondary button-small"
                      type="button"
                      aria-describedby={`order-${order.id}`}
                      disabled={busyAction !== undefined}
                      onClick={() => void orderAction(order, "cancel")}
                    >
                      {t("cancelOrder")}
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
                {t("closeHint")}
              </p>
            ) : null}
            <button
              className="button button-secondary button-block"
              type="button"
              disabled={busyAction !== undefined || hasReserved}
              aria-describedby={hasReserved ? `close-hint-${spot.id}` : undefined}
              onClick={() => void close()}
            >
              {t("closeVisit")}
            </button>
          </>
        ) : null}
      </article>
    </li>
  );
}

function OrderForm({ base, spot, currency, onSent }: { base: string; spot: SpotJson; currency: string; onSent: (text: string) => void }) {
  const t = useTranslations("merchantTables");
  const money = useMoney();
  const errorText = useApiErrorText();
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
      setAmountError(t("amountInvalid"));
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
      onSent(t("orderSent", { spot: spot.identifier, amount: money(amount, currency) }));
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === "INVALID_AMOUNT") setAmountError(t("amountRefused"));
      else if (failure instanceof ApiError && failure.code === "INVALID_STATE") setError(t("nobodyToOrder", { spot: spot.identifier }));
      else setError(errorText(failure, t("sendFailed")));
      // A request made for an order that could not be attached is of no use to anyone: cancel it.
      if (created) await apiFetch(`${base}/payment-requests/${created.id}/cancel`, { method: "POST" }).catch(() => undefined);
    } finally {
      isBusyRef.current = false;
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={(e) => void send(e)} noValidate aria-label={t("newOrderFor", { spot: spot.identifier })}>
      {error ? <Alert>{error}</Alert> : null}
      <Field id={amountId} name="amount" label={t("amountIn", { currency })} inputMode="decimal" autoComplete="off" placeholder="0.00" required error={amountError} />
      <Field id={`order-description-${spot.id}`} name="description" label={t("description")} maxLength={500} autoComplete="off" placeholder={t("descriptionPlaceholder")} />
      <button className="button button-block" type="submit" disabled={isBusy} aria-busy={isBusy}>
        {isBusy ? t("sending") : t("sendOrder")}
      </button>
    </form>
  );
}

