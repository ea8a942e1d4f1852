"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { QRCodeSVG } from "qrcode.react";
import { useCallback, useEffect, useRef, useState } from "react";
import useSWR from "swr";
import { Countdown } from "@/components/pay/countdown";
import { OrderSummary } from "@/components/pay/order-summary";
import { missingAmount, PayBalance } from "@/components/pay/pay-balance";
import { failureKind, usePayErrorMessage } from "@/components/pay/pay-errors";
import { ReauthPrompt } from "@/components/pay/reauth-prompt";
import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";
import { apiFetch, jsonFetcher } from "@/lib/api-client";
import type { QrPayload } from "@/lib/pay-sessions/create-pay-session";
import type { PaySessionView } from "@/lib/pay-sessions/get-pay-session";
import { FINAL_PAY_SESSION_STATUSES } from "@/lib/pay-sessions/pay-session-status";

type CreatedSession = { sessionId: string; qrPayload: QrPayload; expiresAt: number };

/**
 * `sessionId` absent: a new pay session's QR code (the first one made by the server, `initialSession`),
 * polled until a till posts its order. Present: a session that already holds an order (a merchant's QR
 * code scanned on /wallet/scan, flow 3), on the same screens.
 */
export function PayClient({ sessionId: scannedSessionId, initialSession }: { sessionId?: string; initialSession?: CreatedSession }) {
  const t = useTranslations("payQr");
  const errorMessage = usePayErrorMessage();
  // A fresh function every render: read through a ref so newSession keeps its identity.
  const errorMessageRef = useRef(errorMessage);
  errorMessageRef.current = errorMessage;
  const [created, setCreated] = useState<CreatedSession | undefined>(initialSession);
  const [createError, setCreateError] = useState<string>();
  const [hasSessionEnded, setSessionEnded] = useState(false);
  const creating = useRef(false);

  const newSession = useCallback(async () => {
    if (creating.current) return;
    creating.current = true;
    setCreateError(undefined);
    try {
      setCreated(await apiFetch<CreatedSession>("/api/wallet/sessions", { method: "POST" }));
    } catch (error) {
      if (failureKind(error) === "session") setSessionEnded(true);
      else setCreateError(errorMessageRef.current(error));
    } finally {
      creating.current = false;
    }
  }, []);

  useEffect(() => {
    if (!scannedSessionId && !initialSession) void newSession();
    // Only on mount: later sessions are made on demand.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const sessionId = scannedSessionId ?? created?.sessionId;
  const { data: session, error: sessionError, mutate } = useSWR<PaySessionView>(
    sessionId && !hasSessionEnded ? `/api/wallet/sessions/${sessionId}` : null,
    jsonFetcher,
    {
      // Poll until the session reaches a final state; then stop.
      refreshInterval: (latest) => (latest && FINAL_PAY_SESSION_STATUSES.has(latest.status) ? 0 : 1500),
      revalidateOnFocus: true,
      shouldRetryOnError: (error) => failureKind(error) !== "session",
    },
  );

  useEffect(() => {
    if (sessionError && failureKind(sessionError) === "session") setSessionEnded(true);
  }, [sessionError]);

  // A QR that expired unused is replaced automatically; nothing was shown to a merchant that matters.
  useEffect(() => {
    if (!scannedSessionId && session?.status === "expired" && !session.order) void newSession();
  }, [scannedSessionId, session?.status, session?.order, newSession]);

  const announcement = useOrderAnnouncement(session);

  let content: React.ReactNode;
  if (hasSessionEnded) {
    content = <SessionEndedHere sessionId={sessionId} />;
  } else if (scannedSessionId) {
    if (!session) {
      content = !sessionError ? (
        <p className="muted">{t("loadingOrder")}</p>
      ) : (
        <div className="stack">
          <Alert>{errorMessage(sessionError)}</Alert>
          <ScanAgainLinks />
        </div>
      );
    } else if (!session.order) {
      content =
        session.status === "pending" ? (
          <p className="muted">{t("waitingForOrder")}</p>
        ) : (
          <div className="stack">
            <Alert>{t("noOrder")}</Alert>
            <ScanAgainLinks />
          </div>
        );
    } else {
      content = <OrderView session={session} onChange={() => void mutate()} onSessionEnded={() => setSessionEnded(true)} />;
    }
  } else if (createError) {
    content = (
      <div className="stack">
        <Alert>{createError}</Alert>
        <button className="button" type="button" onClick={() => void newSession()}>
          {t("tryAgain")}
        </button>
      </div>
    );
  } else if (!created) {
    content = <p className="muted">{t("preparing")}</p>;
  } else if (!session || session.status === "pending" || (session.status === "expired" && !session.order)) {
    content = <QrView created={created} />;
  } else {
    content = <OrderView session={session} onChange={() => void mutate()} onNewSession={() => void newSession()} onSessionEnded={() => setSessionEnded(true)} />;
  }

  return (
    <>
      {/* Announces the order arriving, the payment's result and an expiry: things that happen by themselves. */}
      <p className="visually-hidden" aria-live="polite" data-testid="qr-announcement">
        {announcement}
      </p>
      {content}
    </>
  );
}

function useOrderAnnouncement(session: PaySessionView | undefined): string {
  const t = useTranslations("payQr");
  const first = useRef<string | undefined>(undefined);
  const status = session?.status;
  if (first.current === undefined && status) first.current = status;
  if (!session || !status || status === first.current) return "";
  switch (status) {
    case "order_received":
      return t("announceOrder");
    case "completed":
      return t("announceCompleted");
    case "expired":
      return t("announceExpired");
    case "declined":
      return t("announceDeclined");
    case "failed":
      return t("announceFailed");
    default:
      return "";
  }
}

/** The session ended under the payer: sign in again and come back to the same pay session (its order). */
function SessionEndedHere({ sessionId }: { sessionId: string | undefined }) {
  const tp = useTranslations("pay");
  const t = useTranslations("payQr");
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const back = sessionId ? `/wallet/pay?session=${sessionId}` : "/wallet/pay";
  return (
    <div className="card stack">
      <p className="alert alert-error" role="alert" tabIndex={-1} ref={ref} data-testid="session-ended">
        {tp("sessionEnded")}
      </p>
      <a className="button" href={`/login?callbackUrl=${encodeURIComponent(back)}`}>
        {t("signInAgain")}
      </a>
    </div>
  );
}

function ScanAgainLinks() {
  const t = useTranslations("payQr");
  const tp = useTranslations("pay");
  return (
    <div className="actions">
      <Link className="button" href="/wallet/scan">
        {t("scanQr")}
      </Link>
      <Link className="button button-secondary" href="/wallet">
        {tp("backToWallet")}
      </Link>
    </div>
  );
}

function QrView({ created }: { created: CreatedSession }) {
  const t = useTranslations("payQr");
  const tp = useTranslations("pay");
  const payload = JSON.stringify(created.qrPayload);
  return (
    <div className="card qr-wrap">
      <p>{t("showThis")}</p>
      <div className="qr-box">
        <QRCodeSVG value={payload} size={240} level="M" marginSize={4} bgColor="#ffffff" fgColor="#000000" title={t("qrTitle")} data-testid="qr-code" />
      </div>
      <Countdown expiresAt={created.expiresAt} />
      <p className="muted small">{t("waitingForMerchant")}</p>
      <details className="code">
        <summary>{t("showCode")}</summary>
        <pre data-testid="qr-payload">{payload}</pre>
        <div className="qr-copy">
          <CopyButton text={payload} label={t("copyCode")} what={t("codeWhat")} />
        </div>
      </details>
      {/* The way home at the end of the page while the code waits (each ended state has its own). */}
      <p className="back-to-wallet">
        <Link href="/wallet">{tp("backToWallet")}</Link>
      </p>
    </div>
  );
}

/** `onNewSession` absent: the order came from a scanned merchant QR code, so "again" means scanning again. */
function OrderView({
  session,
  onChange,
  onNewSession,
  onSessionEnded,
}: {
  session: PaySessionView;
  onChange: () => void;
  onNewSession?: () => void;
  onSessionEnded: () => void;
}) {
  const t = useTranslations("payQr");
  const tp = useTranslations("pay");
  const errorMessage = usePayErrorMessage();
  const [error, setError] = useState<string>();
  const [needsPassword, setNeedsPassword] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { order, merchant } = session;
  const { data: balanceData, mutate: refreshBalances } = useSWR<{ balances: { currency: string; amount: string }[] }>("/api/wallet/balance", jsonFetcher, {
    revalidateOnFocus: true,
    // Money added in another tab enables Confirm without a reload.
    refreshInterval: session.status === "order_received" ? 3000 : 0,
  });
  const balance = order ? (balanceData?.balances.find((b) => b.currency === order.currency)?.amount ?? (balanceData ? "0" : null)) : null;
  const missing = order && balance !== null ? missingAmount(balance, order.amount) : null;

  // The new content (the arriving order, the receipt, the end) takes focus, so it is read and focus never drops to <body>.
  useEffect(() => {
    headingRef.current?.focus();
  }, [session.status]);

  async function act(action: "confirm" | "decline") {
    setBusy(true);
    setError(undefined);
    try {
      await apiFetch(`/api/wallet/sessions/${session.sessionId}/${action}`, { method: "POST" });
    } catch (failure) {
      const kind = failureKind(failure);
      if (kind === "session") onSessionEnded();
      else if (kind === "reauth") setNeedsPassword(true);
      else setError(errorMessage(failure));
    } finally {
      setBusy(false);
      onChange();
      void refreshBalances();
    }
  }

  if (!order || !merchant) return null;
  const summary = <OrderSummary merchant={merchant} order={order} />;

  switch (session.status) {
    case "order_received":
      return (
        <section className="card stack" aria-labelledby="order-heading">
          <h2 id="order-heading" tabIndex={-1} ref={headingRef} className="focus-heading">
            {t("confirmTitle")}
          </h2>
          {summary}
          {order.expiresAt ? <Countdown expiresAt={order.expiresAt} label={t("orderExpiresIn")} /> : null}
          {balance !== null ? <PayBalance balance={balance} currency={order.currency} missing={missing} testId="qr-balance" describedId="qr-short" /> : null}
          {error ? <Alert>{error}</Alert> : null}
          {needsPassword ? (
            <ReauthPrompt
              idPrefix="qr-reauth"
              onConfirmed={async () => {
                setNeedsPassword(false);
                await act("confirm");
              }}
              onCancel={() => setNeedsPassword(false)}
            />
          ) : (
            <div className="actions">
              <button
                className="button"
                type="button"
                disabled={isBusy || missing !== null}
                aria-describedby={missing !== null ? "qr-short" : undefined}
                onClick={() => void act("confirm")}
              >
                {t("confirmPayment")}
              </button>
              <button className="button button-secondary" type="button" disabled={isBusy} onClick={() => void act("decline")}>
                {t("decline")}
              </button>
            </div>
          )}
        </section>
      );
    case "paying":
      return (
        <section className="card stack" aria-labelledby="paying-heading">
          <h2 id="paying-heading" tabIndex={-1} ref={headingRef} className="focus-heading">
            {tp("paying")}
          </h2>
          <p className="muted">{t("payingText", { merchant: merchant.name })}</p>
          {summary}
        </section>
      );
    case "completed":
      return (
        <section className="card stack receipt" aria-labelledby="receipt-heading">
          <Alert kind="success">{tp("paymentComplete")}</Alert>
          <h2 id="receipt-heading" tabIndex={-1} ref={headingRef} className="focus-heading">
            {tp("receipt")}
          </h2>
          {summary}
          <dl>
            <dt>{tp("paidTo")}</dt>
            <dd>{merchant.name}</dd>
            <dt>{t("order")}</dt>
            <dd>{order.id}</dd>
            <dt>{tp("transaction")}</dt>
            <dd data-testid="receipt-txid">{session.txid}</dd>
          </dl>
          <Link className="button button-secondary" href="/wallet">
            {tp("backToWallet")}
          </Link>
        </section>
      );
    default:
      return (
        // An ended order says so above the order it was for.
        <section className="card stack" aria-labelledby="ended-heading">
          <h2 id="ended-heading" tabIndex={-1} ref={headingRef} className="focus-heading">
            {session.status === "declined" ? t("declinedTitle") : session.status === "expired" ? t("expiredTitle") : t("failedTitle")}
          </h2>
          <p className="muted">{session.status === "declined" ? t("declinedText") : session.status === "expired" ? t("expiredText") : t("failedText")}</p>
          {onNewSession ? (
            <div className="actions">
              <button className="button" type="button" onClick={onNewSession}>
                {t("newQr")}
              </button>
              <Link className="button button-secondary" href="/wallet">
                {tp("backToWallet")}
              </Link>
            </div>
          ) : (
            <ScanAgainLinks />
          )}
          {summary}
        </section>
      );
  }
}
