"use client";

import { signOut } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import useSWR from "swr";
import { CheckoutSignIn } from "@/components/checkout/checkout-sign-in";
import { formatDuration, useSecondsLeft } from "@/components/pay/countdown";
import { OrderSummary } from "@/components/pay/order-summary";
import { Alert } from "@/components/ui/alert";
import { apiFetch, ApiError, jsonFetcher } from "@/lib/api-client";
import type { CheckoutView } from "@/lib/checkout/get-checkout-view";

const POLL_MS = 2000;
/** How long the receipt stays on screen before the customer is sent back to the merchant. */
const RETURN_DELAY_SECONDS = 5;

type Props = { initialView: CheckoutView; viewerEmail: string | null };

// Module-level, so their identity is stable: SWR restarts its polling timer whenever refreshInterval
// changes, and this component re-renders every second for the countdown.
const pollWhileOpen = (latest?: CheckoutView) => (!latest || latest.status === "open" || latest.status === "paying" ? POLL_MS : 0);
const fetchView = ([url]: readonly [string, string]) => jsonFetcher<CheckoutView>(url);

export function CheckoutClient({ initialView, viewerEmail }: Props) {
  const path = `/api/checkout/${initialView.id}`;
  // The viewer is part of the key: after an inline sign-in the server's fresh view must win over the cached anonymous one.
  const { data, mutate } = useSWR<CheckoutView, unknown, readonly [string, string]>([path, viewerEmail ?? ""], fetchView, {
    fallbackData: initialView,
    refreshInterval: pollWhileOpen,
    revalidateOnFocus: true,
    revalidateOnMount: false,
  });
  const view = data ?? initialView;
  const secondsLeft = useSecondsLeft(view.expiresAt) ?? 0;
  const status = view.status === "open" && secondsLeft <= 0 ? "expired" : view.status;

  // The deadline passed on screen: ask the server, which is the one that decides.
  useEffect(() => {
    if (status === "expired" && view.status === "open") void mutate();
  }, [status, view.status, mutate]);

  // Only a payment seen happening here sends the customer on automatically; opening an already paid
  // checkout later (e.g. with Back from the merchant's page) must not bounce them forward again.
  const initialStatus = useRef(initialView.status);
  const isFreshlyPaid = status === "paid" && initialStatus.current !== "paid";

  return (
    <div className="checkout-grid">
      <section className="card checkout-panel" aria-labelledby="checkout-heading">
        {/* The merchant block below is the visible title; the heading names the page for assistive technology. */}
        <h1 id="checkout-heading" className="visually-hidden">
          Checkout: pay {view.merchant.name}
        </h1>
        <OrderSummary merchant={view.merchant} order={view.order} />
        <p className="muted small checkout-ref">
          Order <span className="checkout-mono">{view.order.id}</span>
        </p>
      </section>
      <div className="card checkout-panel checkout-side">
        {status === "open" ? (
          <OpenPanel view={view} secondsLeft={secondsLeft} viewerEmail={viewerEmail} onChange={() => mutate()} />
        ) : status === "paid" ? (
          <PaidPanel view={view} shouldReturn={isFreshlyPaid} />
        ) : status === "paying" ? (
          <p className="muted" role="status">
            Paying {view.merchant.name}…
          </p>
        ) : (
          <EndedPanel view={view} status={status} />
        )}
      </div>
    </div>
  );
}

function OpenPanel({ view, secondsLeft, viewerEmail, onChange }: { view: CheckoutView; secondsLeft: number; viewerEmail: string | null; onChange: () => Promise<unknown> }) {
  const [error, setError] = useState<string>();
  const [isPaying, setPaying] = useState(false);
  const isPayingRef = useRef(false);
  const total = `${view.order.amount} ${view.order.currency}`;
  const checkoutPath = `/checkout/${view.id}`;

  async function pay() {
    // A second click before React re-renders must not send a second request (the server would refuse it anyway).
    if (isPayingRef.current) return;
    isPayingRef.current = true;
    setPaying(true);
    setError(undefined);
    try {
      await apiFetch(`/api/checkout/${view.id}/pay`, { method: "POST" });
      // Stay "Paying…" until the receipt replaces this panel, so a paid checkout never offers Pay again.
      await onChange();
      return;
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === "INSUFFICIENT_FUNDS") {
        setError(`${failure.message} Top up your wallet, then pay again before the checkout expires.`);
      } else if (failure instanceof ApiError && failure.status === 401) {
        setError("Your sign-in has ended. Reload the page and sign in again.");
      } else {
        setError(failure instanceof ApiError ? failure.message : "Something went wrong. Nothing was charged.");
      }
    }
    isPayingRef.current = false;
    setPaying(false);
    await onChange();
  }

  return (
    <div className="stack">
      {/* Server and browser clocks read a second apart at hydration; the next tick corrects it either way. */}
      <p className="countdown checkout-countdown" role="timer" aria-label={`Checkout expires in ${formatDuration(secondsLeft)}`} suppressHydrationWarning>
        Expires in <strong suppressHydrationWarning>{formatDuration(secondsLeft)}</strong>
      </p>
      {view.viewer ? (
        <>
          <div className="checkout-account">
            {viewerEmail ? (
              <span className="small muted">
                Paying as <strong className="checkout-email">{viewerEmail}</strong>
              </span>
            ) : null}
            <button type="button" className="link-button small" onClick={() => void signOut({ callbackUrl: checkoutPath })}>
              Not you? Sign out
            </button>
          </div>
          <dl className="checkout-balance">
            <dt>Your balance</dt>
            <dd data-testid="checkout-balance">
              {view.viewer.balance} {view.viewer.currency}
            </dd>
          </dl>
          {view.viewer.missing && !error ? (
            <p className="small checkout-short">
              You need {view.viewer.missing} {view.viewer.currency} more to pay this order.{" "}
              {/* A new tab: this checkout stays open here until the money has arrived. */}
              <a href="/wallet/add-money" target="_blank" rel="noopener">
                Add money (opens in a new tab)
              </a>
            </p>
          ) : null}
          {error ? <Alert>{error}</Alert> : null}
          <button className="button button-block checkout-pay" type="button" disabled={isPaying} aria-busy={isPaying} onClick={() => void pay()}>
            {isPaying ? "Paying…" : `Pay ${total}`}
          </button>
        </>
      ) : (
        <CheckoutSignIn callbackUrl={checkoutPath} />
      )}
      {/* A plain link to a route handler: a state change must never be prefetched. */}
      <a className="button button-secondary button-block" href={`/checkout/${view.id}/cancel`} rel="nofollow">
        Cancel
      </a>
      <p className="muted small checkout-note">Cancel returns you to {view.merchant.name} without paying.</p>
    </div>
  );
}

function PaidPanel({ view, shouldReturn }: { view: CheckoutView; shouldReturn: boolean }) {
  const secondsLeft = useReturnCountdown(shouldReturn ? view.successUrl : undefined);
  return (
    <section className="stack receipt" aria-labelledby="paid-heading">
      <Alert kind="success">
        <span aria-hidden="true">✓ </span>Payment complete
      </Alert>
      <h2 id="paid-heading">{view.receipt ? "Receipt" : "This order has been paid"}</h2>
      {view.receipt ? (
        <dl>
          <dt>Paid to</dt>
          <dd>{view.merchant.name}</dd>
          <dt>Amount</dt>
          <dd>
            {view.order.amount} {view.order.currency}
          </dd>
          <dt>Order</dt>
          <dd>{view.order.id}</dd>
          <dt>Transaction</dt>
          <dd data-testid="receipt-txid" className="checkout-mono">
            {view.receipt.txid}
          </dd>
          <dt>Date</dt>
          <dd>
            <time dateTime={new Date(view.receipt.paidAt * 1000).toISOString()} suppressHydrationWarning>{new Date(view.receipt.paidAt * 1000).toLocaleString()}</time>
          </dd>
        </dl>
      ) : (
        <p className="muted">Nothing more is needed here.</p>
      )}
      {shouldReturn && secondsLeft !== undefined ? (
        <p className="muted small" aria-live="polite">
          Returning you to {view.merchant.name} in {secondsLeft} s…
        </p>
      ) : null}
      {view.successUrl ? (
        <a className="button button-block" href={view.successUrl}>
          Return to merchant
        </a>
      ) : null}
    </section>
  );
}

/** Counts down and then leaves for `url`; undefined when there is nowhere to go. */
function useReturnCountdown(url: string | undefined): number | undefined {
  const [deadline] = useState(() => Date.now() + RETURN_DELAY_SECONDS * 1000);
  const left = useSecondsLeft(deadline / 1000);
  useEffect(() => {
    if (url && left === 0) window.location.assign(url);
  }, [url, left]);
  return url ? left : undefined;
}

function EndedPanel({ view, status }: { view: CheckoutView; status: "expired" | "cancelled" | "failed" }) {
  return (
    <section className="stack" aria-labelledby="ended-heading">
      <h2 id="ended-heading">
        {status === "expired" ? "This checkout has expired" : status === "failed" ? "Payment failed" : "Checkout cancelled"}
      </h2>
      <p>
        {status === "expired"
          ? `The time to pay ran out. Nothing was charged. Go back to ${view.merchant.name} to start again.`
          : status === "failed"
            ? `${view.failureReason ?? "The payment could not be made."} Your money was returned. Go back to ${view.merchant.name} to try again.`
            : `You cancelled this payment. Nothing was charged.`}
      </p>
      <a className="button button-block" href={view.cancelUrl}>
        Return to merchant
      </a>
    </section>
  );
}
