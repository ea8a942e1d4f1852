"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import useSWR from "swr";
import { CheckoutSignIn } from "@/components/checkout/checkout-sign-in";
import { formatDuration, useSecondsLeft } from "@/components/pay/countdown";
import { divideDecimalExactly } from "@/components/pay/decimal";
import { ItemsTable } from "@/components/pay/items-table";
import { MerchantBadge } from "@/components/pay/merchant-badge";
import { missingAmount, PayBalance } from "@/components/pay/pay-balance";
import { failureKind, usePayErrorMessage } from "@/components/pay/pay-errors";
import { ReauthPrompt } from "@/components/pay/reauth-prompt";
import { SessionEnded } from "@/components/pay/session-ended";
import { useMoney } from "@/components/pay/use-money";
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

export function SpotClient({
  token,
  initial,
  viewer,
  signInError,
}: {
  token: string;
  initial: CustomerSpotJson;
  viewer: SpotViewer | null;
  signInError?: "credentials" | "throttled";
}) {
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
  const [hasSessionEnded, setSessionEnded] = useState(false);

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
          <CheckoutSignIn callbackUrl={`/s/${token}`} purpose="checkIn" signInError={signInError} />
        ) : hasSessionEnded ? (
          <SessionEnded callbackUrl={`/s/${token}`} />
        ) : isMine && spot.status !== "closed" ? (
          <Visit
            spot={spot}
            viewer={viewer}
            focusTarget={focusTarget}
            onFocusTarget={setFocusTarget}
            onSessionEnded={() => setSessionEnded(true)}
            onChange={() => mutate()}
          />
        ) : (
          <CheckInPanel spot={spot} viewer={viewer} token={token} isClosedVisit={isMine} onCheckIn={checkIn} onSessionEnded={() => setSessionEnded(true)} />
        )}
      </div>
    </div>
  );
}

function PlaceSummary({ spot }: { spot: CustomerSpotJson }) {
  const t = useTranslations("paySpot");
  const { location, merchant } = spot;
  return (
    <div className="stack">
      <MerchantBadge name={location.title} sub={`${merchant.name} · @${merchant.handle}`} nameId="spot-heading" as="h1" />
      <p className="spot-identifier">
        <span className="muted small">{t("spot")}</span> <strong data-testid="spot-identifier">{spot.identifier}</strong>
      </p>
      {location.address ? <p className="muted small spot-address">{location.address}</p> : null}
      {location.description ? <p className="memo">{location.description}</p> : null}
    </div>
  );
}

function SignedInAs({ viewer, callbackUrl }: { viewer: SpotViewer; callbackUrl: string }) {
  const tp = useTranslations("pay");
  return (
    <div className="checkout-account">
      <span className="small muted">{tp.rich("signedInAs", { who: () => <strong className="checkout-email">@{viewer.handle}</strong> })}</span>
      <button type="button" className="link-button small" onClick={() => void signOut({ callbackUrl })}>
        {tp("notYou")}
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
  onSessionEnded,
}: {
  spot: CustomerSpotJson;
  viewer: SpotViewer;
  token: string;
  /** This customer's own visit here was closed: they may check in again (a new visit). */
  isClosedVisit: boolean;
  onCheckIn: () => Promise<void>;
  onSessionEnded: () => void;
}) {
  const t = useTranslations("paySpot");
  const errorMessage = usePayErrorMessage();
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
      if (failureKind(failure) === "session") onSessionEnded();
      else setError(errorMessage(failure));
    }
    setBusy(false);
  }

  return (
    <section className="stack" aria-labelledby="check-in-heading">
      {isClosedVisit ? (
        <>
          <h2 id="check-in-heading" tabIndex={-1} ref={headingRef} className="focus-heading">
            {t("visitClosed")}
          </h2>
          <p>{t("visitClosedText", { merchant: spot.merchant.name, spot: spot.identifier })}</p>
          {spot.orders.length > 0 ? <OrderList orders={spot.orders} merchantName={spot.merchant.name} /> : null}
          <p className="muted small">{t("checkInAgainHint")}</p>
        </>
      ) : (
        <>
          <h2 id="check-in-heading">{t("checkInAt", { spot: spot.identifier })}</h2>
          <p className="muted small">{t("checkInText", { merchant: spot.merchant.name })}</p>
          {isTaken ? (
            <p className="small checkout-short" data-testid="spot-taken">
              {t("taken", { spot: spot.identifier })}
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
        {isBusy ? t("checkingIn") : isClosedVisit ? t("checkInAgain") : t("checkIn")}
      </button>
    </section>
  );
}

function Visit({
  spot,
  viewer,
  focusTarget,
  onFocusTarget,
  onSessionEnded,
  onChange,
}: {
  spot: CustomerSpotJson;
  viewer: SpotViewer;
  focusTarget: string | undefined;
  onFocusTarget: (id: string | undefined) => void;
  onSessionEnded: () => void;
  onChange: () => Promise<unknown>;
}) {
  const t = useTranslations("paySpot");
  const money = useMoney();
  const total = (order: SpotOrder) => (order.request.value ? money(order.request.value.amount, order.request.value.currency) : t("anOrder"));
  const { orders } = spot;
  const hasPending = orders.some((o) => o.status === "pending");
  // Fresh when an order arrives (the customer may have added money since the page loaded) and on focus.
  const { data: balanceData, mutate: refreshBalances } = useSWR<{ balances: SpotViewer["balances"] }>("/api/wallet/balance", jsonFetcher, {
    fallbackData: { balances: viewer.balances },
    revalidateOnFocus: true,
    // Money added in another tab enables Confirm without a reload.
    refreshInterval: hasPending ? 3000 : 0,
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
      ? t("waiting")
      : pending.length > 0
        ? t("orderHere", { total: pending.map(total).join(", ") })
        : reserved.length > 0
          ? t("reservedLine", { merchant: spot.merchant.name })
          : orders.some((o) => o.status === "confirmed")
            ? t("paidLine", { merchant: spot.merchant.name })
            : t("cancelledLine");
  // The order that just arrived takes focus (once), so a screen reader user lands on it, not on <body>.
  const firstPending = pending[0]?.id;
  const focusedArrival = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!firstPending || focusedArrival.current === firstPending) return;
    focusedArrival.current = firstPending;
    const active = document.activeElement;
    if (!active || active === document.body || active.closest("[data-spot-visit]")) document.getElementById(`order-${firstPending}-heading`)?.focus();
  }, [firstPending]);

  return (
    <section className="stack" aria-labelledby="visit-heading" data-spot-visit="">
      <h2 id="visit-heading" tabIndex={-1} className="focus-heading">
        {t("checkedIn", { spot: spot.identifier })}
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
                onSessionEnded={onSessionEnded}
              />
            ) : null
          }
        />
      ) : null}
      <SignedInAs viewer={viewer} callbackUrl={`/wallet`} />
    </section>
  );
}


function OrderList({
  orders,
  merchantName,
  renderAction,
}: {
  orders: SpotOrder[];
  merchantName: string;
  renderAction?: (order: SpotOrder) => React.ReactNode;
}) {
  const t = useTranslations("paySpot");
  const money = useMoney();
  const total = (order: SpotOrder) => (order.request.value ? money(order.request.value.amount, order.request.value.currency) : t("anOrder"));
  const orderText = (order: SpotOrder): string => {
    switch (order.status) {
      case "pending":
        return t("orderText.pending", { merchant: merchantName });
      case "reserved":
        return t("orderText.reserved", { total: total(order), merchant: merchantName });
      case "confirmed":
        return t("orderText.confirmed", { total: total(order), merchant: merchantName });
      case "closed":
        return order.request.status === "FAILED" ? t("orderText.released") : t("orderText.nothingCharged");
    }
  };
  return (
    <ul className="spot-orders" aria-label={t("yourOrders")}>
      {orders.map((order) => (
        <li key={order.id} className="spot-order" data-testid="spot-order" data-order-status={order.status}>
          <article className="stack" aria-labelledby={`order-${order.id}-heading`}>
            <h3 id={`order-${order.id}-heading`} tabIndex={-1} className="focus-heading spot-order-title">
              <span>{t(`orderTitle.${orderTitleKey(order)}`)}</span>
              <span className="amount" data-testid="spot-order-total">
                {total(order)}
              </span>
            </h3>
            {order.request.lineItems && order.request.lineItems.length > 0 ? (
              <ItemsTable
                items={order.request.lineItems.map((item, index) => ({
                  key: String(index),
                  name: item.name,
                  qty: item.qty,
                  unit: divideDecimalExactly(item.price, item.qty),
                  total: item.price,
                }))}
                currency={order.request.value?.currency}
              />
            ) : null}
            {order.request.description ? <p className="memo">{order.request.description}</p> : null}
            <p className="small muted">{orderText(order)}</p>
            {renderAction?.(order)}
          </article>
        </li>
      ))}
    </ul>
  );
}

function orderTitleKey(order: SpotOrder): "pending" | "reserved" | "confirmed" | "released" | "expired" | "cancelled" {
  switch (order.status) {
    case "pending":
      return "pending";
    case "reserved":
      return "reserved";
    case "confirmed":
      return "confirmed";
    case "closed":
      return order.request.status === "FAILED" ? "released" : order.request.status === "EXPIRED" ? "expired" : "cancelled";
  }
}

function ConfirmOrder({
  order,
  balances,
  onConfirmed,
  onRefused,
  onSessionEnded,
}: {
  order: SpotOrder;
  balances: SpotViewer["balances"];
  onConfirmed: () => Promise<void>;
  onRefused: () => Promise<void>;
  onSessionEnded: () => void;
}) {
  const t = useTranslations("paySpot");
  const errorMessage = usePayErrorMessage();
  const { request } = order;
  const [error, setError] = useState<string>();
  const [needsPassword, setNeedsPassword] = useState(false);
  const [isPaying, setPaying] = useState(false);
  const isPayingRef = useRef(false);
  // One key per attempt: a retry after a lost answer reuses it, so the server never reserves twice.
  const attemptKey = useRef<string | null>(null);
  const secondsLeft = useSecondsLeft(Date.parse(request.expiresAt) / 1000) ?? 0;
  const currency = request.value?.currency ?? "";
  const balance = balances.find((b) => b.currency === currency)?.amount ?? "0";
  const amountDue = request.amountDue ?? request.value?.amount ?? "0";
  const missing = missingAmount(balance, amountDue);

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
      const kind = failureKind(failure);
      if (kind === "session") onSessionEnded();
      else if (kind === "reauth") setNeedsPassword(true);
      else setError(errorMessage(failure));
      await onRefused();
    } finally {
      isPayingRef.current = false;
      setPaying(false);
    }
  }

  return (
    <div className="stack">
      <p className="countdown checkout-countdown" role="timer" aria-label={`${t("confirmWithin")} ${formatDuration(secondsLeft)}`} suppressHydrationWarning>
        {t("confirmWithin")} <strong suppressHydrationWarning>{formatDuration(secondsLeft)}</strong>
      </p>
      <PayBalance balance={balance} currency={currency} missing={missing} testId="spot-balance" describedId={`spot-short-${order.id}`} />
      {error ? <Alert>{error}</Alert> : null}
      {needsPassword ? (
        <ReauthPrompt
          idPrefix={`spot-reauth-${order.id}`}
          onConfirmed={async () => {
            setNeedsPassword(false);
            await confirm();
          }}
          onCancel={() => setNeedsPassword(false)}
        />
      ) : (
        <button
          className="button button-block checkout-pay"
          type="button"
          onClick={() => void confirm()}
          disabled={isPaying || missing !== null}
          aria-busy={isPaying}
          aria-describedby={missing !== null ? `spot-short-${order.id}` : undefined}
        >
          {isPaying ? t("confirming") : t("confirmPayment")}
        </button>
      )}
    </div>
  );
}
