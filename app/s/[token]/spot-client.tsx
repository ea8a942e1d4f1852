"use client";

import { signOut } from "next-auth/react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import useSWR from "swr";
import { CheckoutSignIn } from "@/components/checkout/checkout-sign-in";
import { formatDuration, useSecondsLeft } from "@/components/pay/countdown";
import { ItemsTable } from "@/components/pay/items-table";
import { compareDecimal } from "@/lib/compare-decimal";
import { Alert } from "@/components/ui/alert";
import { apiFetch, ApiError, jsonFetcher } from "@/lib/api-client";
import type { CustomerSpotJson } from "@/lib/spots/spot-view";

export type SpotViewer = { email: string; handle: string; balances: { currency: string; amount: string }[] };

type SpotOrder = CustomerSpotJson["orders"][number];

/** While the customer waits for their order (or for the merchant to confirm it): every two seconds. */
const POLL_MS = 2000;
/** Otherwise (someone else's visit, a closed one) often enough to see the spot free up. */
const IDLE_POLL_MS = 5000;

// Module-level, so their identity is stable (SWR restarts its timer whenever refreshInterval changes).
const pollInterval = (latest?: CustomerSpotJson) => (latest && latest.checkIns.length > 0 && latest.status !== "closed" ? POLL_MS : IDLE_POLL_MS);
const fetchSpot = ([url]: readonly [string, string]) => jsonFetcher<CustomerSpotJson>(url);

export function SpotClient({ token, initial, viewer }: { token: string; initial: CustomerSpotJson; viewer: SpotViewer | null }) {
  const path = `/api/wallet/spots/${token}`;
  // Only a signed-in customer asks the API; the viewer is part of the key, so after an inline sign-in the
  // server's fresh view wins over the anonymous one.
  const { data, mutate } = useSWR<CustomerSpotJson, unknown, readonly [string, string] | null>(viewer ? [path, viewer.email] : null, fetchSpot, {
    fallbackData: initial,
    refreshInterval: pollInterval,
    revalidateOnFocus: true,
    revalidateOnMount: false,
  });
  const spot = data ?? initial;
  const isMine = spot.checkIns.length > 0;
  const [focusTarget, setFocusTarget] = useState<string>();

  async function checkIn(): Promise<void> {
    const answer = await apiFetch<CustomerSpotJson>(`${path}/check-in`, { method: "POST" });
    setFocusTarget("visit-heading");
    await mutate(answer, { revalidate: false });
  }

  return (
    <div className="stack">
      <section className="card checkout-panel" aria-labelledby="spot-heading">
        <PlaceSummary spot={spot} />
      </section>
      <div className="card checkout-panel checkout-side">
        {!viewer ? (
          <CheckoutSignIn callbackUrl={`/s/${token}`} purpose="check in" />
        ) : isMine && spot.status !== "closed" ? (
          <Visit
            spot={spot}
            viewer={viewer}
            focusTarget={focusTarget}
            onFocusTarget={setFocusTarget}
            onChange={() => mutate()}
          />
        ) : (
          <CheckInPanel spot={spot} viewer={viewer} token={token} isClosedVisit={isMine} onCheckIn={checkIn} />
        )}
      </div>
    </div>
  );
}

function PlaceSummary({ spot }: { spot: CustomerSpotJson }) {
  const { location, merchant } = spot;
  return (
    <div className="stack">
      <div className="merchant">
        <span className="merchant-icon merchant-icon-fallback" aria-hidden="true">
          {location.title.slice(0, 1).toUpperCase()}
        </span>
        <div>
          <h1 className="merchant-name" id="spot-heading">
            {location.title}
          </h1>
          <div className="muted small">
            {merchant.name} · @{merchant.handle}
          </div>
        </div>
      </div>
      <p className="spot-identifier">
        <span className="muted small">Spot</span> <strong data-testid="spot-identifier">{spot.identifier}</strong>
      </p>
      {location.address ? <p className="muted small spot-address">{location.address}</p> : null}
      {location.description ? <p className="memo">{location.description}</p> : null}
    </div>
  );
}

function SignedInAs({ viewer, callbackUrl }: { viewer: SpotViewer; callbackUrl: string }) {
  return (
    <div className="checkout-account">
      <span className="small muted">
        Signed in as <strong className="checkout-email">@{viewer.handle}</strong>
      </span>
      <button type="button" className="link-button small" onClick={() => void signOut({ callbackUrl })}>
        Not you? Sign out
      </button>
    </div>
  );
}

function CheckInPanel({
  spot,
  viewer,
  token,
  isClosedVisit,
  onCheckIn,
}: {
  spot: CustomerSpotJson;
  viewer: SpotViewer;
  token: string;
  /** This customer's own visit here was closed: they may check in again (a new visit). */
  isClosedVisit: boolean;
  onCheckIn: () => Promise<void>;
}) {
  const [error, setError] = useState<string>();
  const [isBusy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const isTaken = !isClosedVisit && (spot.status === "waiting" || spot.status === "busy");
  // The visit just closed under the customer's eyes: say so where their focus can find it.
  useEffect(() => {
    if (isClosedVisit) headingRef.current?.focus();
  }, [isClosedVisit]);

  async function checkIn() {
    setBusy(true);
    setError(undefined);
    try {
      await onCheckIn();
      return;
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "Could not check in. Please try again.");
    }
    setBusy(false);
  }

  return (
    <section className="stack" aria-labelledby="check-in-heading">
      {isClosedVisit ? (
        <>
          <h2 id="check-in-heading" tabIndex={-1} ref={headingRef} className="focus-heading">
            Visit closed
          </h2>
          <p>Thank you! {spot.merchant.name} closed your visit at {spot.identifier}.</p>
          {spot.orders.length > 0 ? <OrderList orders={spot.orders} merchantName={spot.merchant.name} /> : null}
          <p className="muted small">Back at this spot later? Check in again and your next order comes here.</p>
        </>
      ) : (
        <>
          <h2 id="check-in-heading">Check in at {spot.identifier}</h2>
          <p className="muted small">
            Check in so the staff can send your order to this phone. You confirm it here; the money is reserved until {spot.merchant.name}{" "}
            takes it.
          </p>
          {isTaken ? (
            <p className="small checkout-short" data-testid="spot-taken">
              Someone else is checked in at {spot.identifier} right now. If that was not you, ask the staff.
            </p>
          ) : null}
        </>
      )}
      <SignedInAs viewer={viewer} callbackUrl={`/s/${token}`} />
      {error ? <Alert>{error}</Alert> : null}
      <button
        className={`button button-block checkout-pay${isClosedVisit ? " button-secondary" : ""}`}
        type="button"
        onClick={() => void checkIn()}
        disabled={isBusy}
        aria-busy={isBusy}
      >
        {isBusy ? "Checking in…" : isClosedVisit ? "Check in again" : "Check in"}
      </button>
    </section>
  );
}

function Visit({
  spot,
  viewer,
  focusTarget,
  onFocusTarget,
  onChange,
}: {
  spot: CustomerSpotJson;
  viewer: SpotViewer;
  focusTarget: string | undefined;
  onFocusTarget: (id: string | undefined) => void;
  onChange: () => Promise<unknown>;
}) {
  const { orders } = spot;
  // Fresh when an order arrives (the customer may have added money since the page loaded) and on focus.
  const { data: balanceData, mutate: refreshBalances } = useSWR<{ balances: SpotViewer["balances"] }>("/api/wallet/balance", jsonFetcher, {
    fallbackData: { balances: viewer.balances },
    revalidateOnFocus: true,
  });
  const balances = balanceData?.balances ?? viewer.balances;
  const pendingIds = orders
    .filter((o) => o.status === "pending")
    .map((o) => o.id)
    .join(",");
  useEffect(() => {
    if (pendingIds) void refreshBalances();
  }, [pendingIds, refreshBalances]);

  // Focus follows what the customer just did (checked in, confirmed), never what arrives by polling.
  useEffect(() => {
    if (!focusTarget) return;
    const element = document.getElementById(focusTarget);
    if (element) {
      element.focus();
      onFocusTarget(undefined);
    }
  }, [focusTarget, orders, onFocusTarget]);

  const pending = orders.filter((o) => o.status === "pending");
  const reserved = orders.filter((o) => o.status === "reserved");
  const line =
    orders.length === 0
      ? "Waiting for your order… The staff will send it to this page."
      : pending.length > 0
        ? `Your order is here: ${pending.map(total).join(", ")}. Check it and confirm the payment below.`
        : reserved.length > 0
          ? `Payment reserved. Waiting for ${spot.merchant.name} to confirm it.`
          : orders.some((o) => o.status === "confirmed")
            ? `Paid. Thank you! ${spot.merchant.name} will close your visit.`
            : "Your order was cancelled. Nothing was charged; the staff can send a new one.";

  return (
    <section className="stack" aria-labelledby="visit-heading">
      <h2 id="visit-heading" tabIndex={-1} className="focus-heading">
        You’re checked in at {spot.identifier}
      </h2>
      <p role="status" aria-live="polite" className={orders.length === 0 ? "spot-waiting" : undefined} data-testid="spot-status-line">
        {line}
      </p>
      {orders.length > 0 ? (
        <OrderList
          orders={orders}
          merchantName={spot.merchant.name}
          renderAction={(order) =>
            order.status === "pending" ? (
              <ConfirmOrder
                order={order}
                balances={balances}
                onConfirmed={async () => {
                  onFocusTarget(`order-${order.id}-heading`);
                  await Promise.all([onChange(), refreshBalances()]);
                }}
                onRefused={async () => {
                  await Promise.all([onChange(), refreshBalances()]);
                }}
              />
            ) : null
          }
        />
      ) : null}
      <SignedInAs viewer={viewer} callbackUrl={`/wallet`} />
    </section>
  );
}

const total = (order: SpotOrder) => (order.request.value ? `${order.request.value.amount} ${order.request.value.currency}` : "an order");

function OrderList({
  orders,
  merchantName,
  renderAction,
}: {
  orders: SpotOrder[];
  merchantName: string;
  renderAction?: (order: SpotOrder) => React.ReactNode;
}) {
  return (
    <ul className="spot-orders" aria-label="Your orders">
      {orders.map((order) => (
        <li key={order.id} className="spot-order" data-testid="spot-order" data-order-status={order.status}>
          <article className="stack" aria-labelledby={`order-${order.id}-heading`}>
            <h3 id={`order-${order.id}-heading`} tabIndex={-1} className="focus-heading spot-order-title">
              <span>{orderTitle(order)}</span>
              <span className="amount" data-testid="spot-order-total">
                {total(order)}
              </span>
            </h3>
            {order.request.lineItems && order.request.lineItems.length > 0 ? (
              <ItemsTable
                items={order.request.lineItems.map((item, index) => ({ key: String(index), ...item }))}
                currency={order.request.value?.currency}
              />
            ) : null}
            {order.request.description ? <p className="memo">{order.request.description}</p> : null}
            <p className="small muted">{orderText(order, merchantName)}</p>
            {renderAction?.(order)}
          </article>
        </li>
      ))}
    </ul>
  );
}

function orderTitle(order: SpotOrder): string {
  switch (order.status) {
    case "pending":
      return "Your order";
    case "reserved":
      return "Payment reserved";
    case "confirmed":
      return "Paid ✓";
    case "closed":
      return order.request.status === "FAILED" ? "Reservation released" : order.request.status === "EXPIRED" ? "Order expired" : "Order cancelled";
  }
}

function orderText(order: SpotOrder, merchantName: string): string {
  switch (order.status) {
    case "pending":
      return `Confirming reserves the money; ${merchantName} takes it when they confirm your order.`;
    case "reserved":
      return `${total(order)} is reserved for ${merchantName}. It is taken when they confirm; if they do not, it goes back to you.`;
    case "confirmed":
      return `${merchantName} confirmed your payment of ${total(order)}.`;
    case "closed":
      return order.request.status === "FAILED"
        ? "The reserved money went back to your wallet."
        : `Nothing was charged.${order.request.statusReason ? ` ${order.request.statusReason}` : ""}`;
  }
}

function ConfirmOrder({
  order,
  balances,
  onConfirmed,
  onRefused,
}: {
  order: SpotOrder;
  balances: SpotViewer["balances"];
  onConfirmed: () => Promise<void>;
  onRefused: () => Promise<void>;
}) {
  const { request } = order;
  const [error, setError] = useState<{ message: string; isFunds?: boolean }>();
  const [isPaying, setPaying] = useState(false);
  const isPayingRef = useRef(false);
  // One key per attempt: a retry after a lost answer reuses it, so the server never reserves twice.
  const attemptKey = useRef<string | null>(null);
  const secondsLeft = useSecondsLeft(Date.parse(request.expiresAt) / 1000) ?? 0;
  const currency = request.value?.currency ?? "";
  const balance = balances.find((b) => b.currency === currency)?.amount ?? "0";
  const amountDue = request.amountDue ?? request.value?.amount ?? "0";
  const isShort = compareDecimal(balance, amountDue) < 0;

  async function confirm() {
    if (isPayingRef.current) return;
    isPayingRef.current = true;
    setPaying(true);
    setError(undefined);
    attemptKey.current ??= crypto.randomUUID();
    try {
      await apiFetch(`/api/wallet/payment-requests/${request.id}/pay`, {
        method: "POST",
        headers: { "idempotency-key": attemptKey.current },
        body: "{}",
      });
      attemptKey.current = null;
      await onConfirmed();
    } catch (failure) {
      // Only a request whose answer was lost may be sent again with the same key.
      if (!(failure instanceof ApiError && failure.status === 0)) attemptKey.current = null;
      if (failure instanceof ApiError && failure.code === "INSUFFICIENT_FUNDS") {
        setError({ message: `${failure.message} Add money to your wallet, then confirm here.`, isFunds: true });
      } else if (failure instanceof ApiError && failure.status === 401) {
        setError({ message: "Your sign-in has ended. Reload the page and sign in again." });
      } else {
        setError({ message: failure instanceof ApiError ? failure.message : "Something went wrong. Nothing was charged." });
      }
      await onRefused();
    } finally {
      isPayingRef.current = false;
      setPaying(false);
    }
  }

  return (
    <div className="stack">
      <p className="countdown checkout-countdown" role="timer" aria-label={`Confirm within ${formatDuration(secondsLeft)}`} suppressHydrationWarning>
        Confirm within <strong suppressHydrationWarning>{formatDuration(secondsLeft)}</strong>
      </p>
      <dl className="checkout-balance">
        <dt>Your balance</dt>
        <dd data-testid="spot-balance">
          {balance} {currency}
        </dd>
      </dl>
      {isShort && !error ? (
        <p className="small checkout-short">
          Your balance is not enough for this order. <Link href="/wallet">Add money to your wallet</Link>, then confirm here.
        </p>
      ) : null}
      {error ? (
        <Alert>
          {error.message}
          {error.isFunds ? (
            <>
              {" "}
              <Link href="/wallet">Open your wallet</Link>
            </>
          ) : null}
        </Alert>
      ) : null}
      <button className="button button-block checkout-pay" type="button" onClick={() => void confirm()} disabled={isPaying} aria-busy={isPaying}>
        {isPaying ? "Confirming…" : "Confirm payment"}
      </button>
    </div>
  );
}

