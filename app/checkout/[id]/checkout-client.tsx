"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import useSWR from "swr";
import { CheckoutSignIn } from "@/components/checkout/checkout-sign-in";
import { formatDuration, useSecondsLeft } from "@/components/pay/countdown";
import { LocalTime } from "@/components/pay/local-time";
import { OrderHead, OrderItems } from "@/components/pay/order-summary";
import { missingAmount, PayBalance } from "@/components/pay/pay-balance";
import { failureKind, usePayErrorMessage } from "@/components/pay/pay-errors";
import { confirmFormPassword, FormPassword, PASSWORD_FORM_ERRORS } from "@/components/pay/form-password";
import { ReauthPrompt } from "@/components/pay/reauth-prompt";
import { SessionEnded } from "@/components/pay/session-ended";
import { useMoney } from "@/components/pay/use-money";
import { Alert } from "@/components/ui/alert";
import { apiFetch, ApiError, jsonFetcher } from "@/lib/api-client";
import type { CheckoutView } from "@/lib/checkout/get-checkout-view";

const POLL_MS = 2000;
/** How long the receipt stays on screen before the customer is sent back to the merchant. */
const RETURN_DELAY_SECONDS = 5;

type FormError = { code: string; missing?: string };
type Props = {
  initialView: CheckoutView;
  viewerEmail: string | null;
  /** A refusal of the no-JavaScript Pay form (?error=CODE). */
  formError?: FormError;
  signInError?: "credentials" | "throttled";
  /** The amount is above PAYMENT_REAUTH_ABOVE: the form carries a password field from the start. */
  asksPassword: boolean;
};

// Module-level, so their identity is stable: SWR restarts its polling timer whenever refreshInterval
// changes, and this component re-renders every second for the countdown.
const pollWhileOpen = (latest?: CheckoutView) => (!latest || latest.status === "open" || latest.status === "paying" ? POLL_MS : 0);
const fetchView = ([url]: readonly [string, string]) => jsonFetcher<CheckoutView>(url);

export function CheckoutClient({ initialView, viewerEmail, formError, signInError, asksPassword }: Props) {
  const t = useTranslations("payCheckout");
  const path = `/api/checkout/${initialView.id}`;
  const [hasSessionEnded, setSessionEnded] = useState(formError?.code === "SESSION_ENDED");
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
  const announcement = useStatusAnnouncement(status);
  const isEnded = status === "expired" || status === "cancelled" || status === "failed";
  const checkoutPath = `/checkout/${view.id}`;

  const panel = (
    <div className={`card checkout-panel checkout-side${isEnded ? " is-ended" : ""}`}>
      {hasSessionEnded && status === "open" ? (
        <SessionEnded callbackUrl={checkoutPath} />
      ) : status === "open" ? (
        <OpenPanel
          view={view}
          secondsLeft={secondsLeft}
          viewerEmail={viewerEmail}
          formError={formError}
          signInError={signInError}
          asksPassword={asksPassword}
          onSessionEnded={() => setSessionEnded(true)}
          onChange={() => mutate()}
        />
      ) : status === "paid" ? (
        <PaidPanel view={view} shouldReturn={isFreshlyPaid} />
      ) : status === "paying" ? (
        <p className="muted">{t("paying", { merchant: view.merchant.name })}</p>
      ) : (
        <EndedPanel view={view} status={status} isNew={status !== initialStatus.current} />
      )}
    </div>
  );

  return (
    <div className={`checkout-grid${isEnded ? " is-ended" : ""}`}>
      {/* One polite live region for what changes by itself: paid, expired, cancelled. */}
      <p className="visually-hidden" aria-live="polite" data-testid="checkout-announcement">
        {announcement}
      </p>
      {/* An ended checkout says so first, above the order it was for. */}
      {isEnded ? panel : null}
      <section className="card checkout-panel checkout-head" aria-labelledby="checkout-heading">
        {/* The merchant block below is the visible title; the heading names the page for assistive technology. */}
        <h1 id="checkout-heading" className="visually-hidden">
          {t("heading", { merchant: view.merchant.name })}
        </h1>
        <OrderHead merchant={view.merchant} order={view.order} />
      </section>
      {isEnded ? null : panel}
      <section className="card checkout-panel checkout-items" aria-label={t("orderDetails")}>
        <OrderItems order={view.order} />
        <p className="muted small checkout-ref">
          {t("orderRef")} <span className="checkout-mono">{view.order.id}</span>
        </p>
      </section>
    </div>
  );
}

/** Announces a status change seen on this page (not the state it opened in). */
function useStatusAnnouncement(status: string): string {
  const t = useTranslations("payCheckout");
  const first = useRef(status);
  if (status === first.current) return "";
  switch (status) {
    case "paid":
      return t("announcePaid");
    case "expired":
      return t("announceExpired");
    case "cancelled":
      return t("announceCancelled");
    case "failed":
      return t("announceFailed");
    default:
      return "";
  }
}

function OpenPanel({
  view,
  secondsLeft,
  viewerEmail,
  formError,
  signInError,
  asksPassword,
  onSessionEnded,
  onChange,
}: {
  view: CheckoutView;
  secondsLeft: number;
  viewerEmail: string | null;
  formError?: FormError;
  signInError?: "credentials" | "throttled";
  asksPassword: boolean;
  onSessionEnded: () => void;
  onChange: () => Promise<unknown>;
}) {
  const t = useTranslations("payCheckout");
  const tp = useTranslations("pay");
  const money = useMoney();
  const errorMessage = usePayErrorMessage();
  const [error, setError] = useState<string | undefined>(() =>
    formError && formError.code !== "SESSION_ENDED"
      ? errorMessage(new ApiError(400, formError.code, "", formError.missing ? { missing: formError.missing, currency: view.order.currency } : undefined))
      : undefined,
  );
  const [needsPassword, setNeedsPassword] = useState(false);
  const isPasswordInForm = formError !== undefined && PASSWORD_FORM_ERRORS.has(formError.code);
  const [isPaying, setPaying] = useState(false);
  const isPayingRef = useRef(false);
  const total = money(view.order.amount, view.order.currency);
  const checkoutPath = `/checkout/${view.id}`;
  const missing = view.viewer ? missingAmount(view.viewer.balance, view.order.amount) : null;

  async function pay(form: HTMLFormElement | null = null) {
    // A second click before React re-renders must not send a second request (the server would refuse it anyway).
    if (isPayingRef.current) return;
    isPayingRef.current = true;
    setPaying(true);
    setError(undefined);
    try {
      await confirmFormPassword(form);
      await apiFetch(`/api/checkout/${view.id}/pay`, { method: "POST" });
      // Stay "Paying…" until the receipt replaces this panel, so a paid checkout never offers Pay again.
      await onChange();
      return;
    } catch (failure) {
      const kind = failureKind(failure);
      if (kind === "session") onSessionEnded();
      else if (kind === "reauth") setNeedsPassword(true);
      else setError(errorMessage(failure));
    }
    isPayingRef.current = false;
    setPaying(false);
    await onChange();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void pay(event.currentTarget);
  }

  return (
    <div className="stack">
      <p className="countdown checkout-countdown" role="timer" aria-label={`${tp("expiresIn")} ${formatDuration(secondsLeft)}`} suppressHydrationWarning>
        {tp("expiresIn")} <strong suppressHydrationWarning>{formatDuration(secondsLeft)}</strong>
      </p>
      {view.viewer ? (
        <>
          <div className="checkout-account">
            {viewerEmail ? (
              <span className="small muted">
                {tp.rich("payingAs", { who: () => <strong className="checkout-email">{viewerEmail}</strong> })}
              </span>
            ) : null}
            <button type="button" className="link-button small" onClick={() => void signOut({ callbackUrl: checkoutPath })}>
              {tp("notYou")}
            </button>
          </div>
          <PayBalance balance={view.viewer.balance} currency={view.viewer.currency} missing={missing} testId="checkout-balance" describedId="checkout-short" />
          {error ? <Alert>{error}</Alert> : null}
          {needsPassword ? (
            <ReauthPrompt
              idPrefix="checkout-reauth"
              onConfirmed={async () => {
                setNeedsPassword(false);
                await pay();
              }}
              onCancel={() => setNeedsPassword(false)}
            />
          ) : (
            // Works before JavaScript: the form posts to /checkout/{id}/pay, which answers 303 back here.
            <form className="stack" method="post" action={`/checkout/${view.id}/pay`} onSubmit={submit}>
              {isPasswordInForm || asksPassword ? <FormPassword visible={isPasswordInForm} /> : null}
              <button
                className="button button-block checkout-pay"
                type="submit"
                disabled={isPaying || missing !== null}
                aria-busy={isPaying}
                aria-describedby={missing !== null ? "checkout-short" : undefined}
              >
                {isPaying ? tp("paying") : tp("payAmount", { amount: total })}
              </button>
            </form>
          )}
        </>
      ) : (
        <CheckoutSignIn callbackUrl={checkoutPath} signInError={signInError} />
      )}
      {/* A plain link to a route handler: a state change must never be prefetched. */}
      <a className="button button-secondary button-block" href={`/checkout/${view.id}/cancel`} rel="nofollow">
        {t("cancel")}
      </a>
      <p className="muted small checkout-note">{t("cancelNote", { merchant: view.merchant.name })}</p>
    </div>
  );
}

function PaidPanel({ view, shouldReturn }: { view: CheckoutView; shouldReturn: boolean }) {
  const t = useTranslations("payCheckout");
  const tp = useTranslations("pay");
  const money = useMoney();
  const [isStaying, setStaying] = useState(false);
  const secondsLeft = useReturnCountdown(shouldReturn && !isStaying ? view.successUrl : undefined);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The receipt replaces the Pay button the customer was on: focus follows, so it is read out.
  useEffect(() => {
    if (shouldReturn) headingRef.current?.focus();
  }, [shouldReturn]);
  return (
    <section className="stack receipt" aria-labelledby="paid-heading">
      <Alert kind="success">
        <span aria-hidden="true">✓ </span>
        {tp("paymentComplete")}
      </Alert>
      <h2 id="paid-heading" tabIndex={-1} ref={headingRef} className="focus-heading">
        {view.receipt ? tp("receipt") : t("alreadyPaid")}
      </h2>
      {view.receipt ? (
        <dl>
          <dt>{tp("paidTo")}</dt>
          <dd>{view.merchant.name}</dd>
          <dt>{tp("amount")}</dt>
          <dd>{money(view.order.amount, view.order.currency)}</dd>
          <dt>{t("orderRef")}</dt>
          <dd>{view.order.id}</dd>
          <dt>{tp("transaction")}</dt>
          <dd data-testid="receipt-txid" className="checkout-mono">
            {view.receipt.txid}
          </dd>
          <dt>{tp("date")}</dt>
          <dd>
            <LocalTime iso={new Date(view.receipt.paidAt * 1000).toISOString()} />
          </dd>
        </dl>
      ) : (
        <p className="muted">{t("nothingMore")}</p>
      )}
      {shouldReturn && !isStaying && secondsLeft !== undefined ? (
        <div className="stack">
          <p className="muted small" aria-live="polite">
            {t("returning", { merchant: view.merchant.name, seconds: secondsLeft })}
          </p>
          <button type="button" className="button button-secondary button-block" onClick={() => setStaying(true)}>
            {t("stay")}
          </button>
        </div>
      ) : null}
      {shouldReturn && isStaying ? (
        <p className="muted small" role="status">
          {t("stayed")}
        </p>
      ) : null}
      {view.successUrl ? (
        <a className="button button-block" href={view.successUrl}>
          {t("returnToMerchant")}
        </a>
      ) : null}
    </section>
  );
}

/** Counts down and then leaves for `url`; undefined when there is nowhere to go (or the customer stays). */
function useReturnCountdown(url: string | undefined): number | undefined {
  const [deadline] = useState(() => Date.now() + RETURN_DELAY_SECONDS * 1000);
  const left = useSecondsLeft(deadline / 1000);
  useEffect(() => {
    if (url && left === 0) window.location.assign(url);
  }, [url, left]);
  return url ? left : undefined;
}

function EndedPanel({ view, status, isNew }: { view: CheckoutView; status: "expired" | "cancelled" | "failed"; isNew: boolean }) {
  const t = useTranslations("payCheckout");
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Ended while the customer was here (the deadline): focus moves to the news instead of dropping to <body>.
  useEffect(() => {
    if (isNew) headingRef.current?.focus();
  }, [isNew]);
  return (
    <section className="stack" aria-labelledby="ended-heading">
      <h2 id="ended-heading" tabIndex={-1} ref={headingRef} className="focus-heading">
        {status === "expired" ? t("expiredTitle") : status === "failed" ? t("failedTitle") : t("cancelledTitle")}
      </h2>
      <p>
        {status === "expired"
          ? t("expiredText", { merchant: view.merchant.name })
          : status === "failed"
            ? t("failedText", { merchant: view.merchant.name })
            : t("cancelledText")}
      </p>
      <a className="button button-block" href={view.cancelUrl}>
        {t("returnToMerchant")}
      </a>
    </section>
  );
}
