"use client";

import Link from "next/link";
import { QRCodeSVG } from "qrcode.react";
import { useCallback, useEffect, useRef, useState } from "react";
import useSWR from "swr";
import { Countdown } from "@/components/pay/countdown";
import { OrderSummary } from "@/components/pay/order-summary";
import { Alert } from "@/components/ui/alert";
import { apiFetch, ApiError, jsonFetcher } from "@/lib/api-client";
import type { QrPayload } from "@/lib/pay-sessions/create-pay-session";
import type { PaySessionView } from "@/lib/pay-sessions/get-pay-session";
import { FINAL_PAY_SESSION_STATUSES } from "@/lib/pay-sessions/pay-session-status";

type CreatedSession = { sessionId: string; qrPayload: QrPayload; expiresAt: number };


/**
 * `sessionId` absent: a new pay session's QR code, polled until a till posts its order. Present: a session
 * that already holds an order (a merchant's QR code scanned on /wallet/scan, flow 3), on the same screens.
 */
export function PayClient({ sessionId: scannedSessionId }: { sessionId?: string } = {}) {
  const [created, setCreated] = useState<CreatedSession>();
  const [createError, setCreateError] = useState<string>();
  const creating = useRef(false);

  const newSession = useCallback(async () => {
    if (creating.current) return;
    creating.current = true;
    setCreateError(undefined);
    try {
      setCreated(await apiFetch<CreatedSession>("/api/wallet/sessions", { method: "POST" }));
    } catch (error) {
      setCreateError(error instanceof ApiError ? error.message : "Could not create a pay session.");
    } finally {
      creating.current = false;
    }
  }, []);

  useEffect(() => {
    if (!scannedSessionId) void newSession();
  }, [newSession, scannedSessionId]);

  const sessionId = scannedSessionId ?? created?.sessionId;
  const { data: session, error: sessionError, mutate } = useSWR<PaySessionView>(
    sessionId ? `/api/wallet/sessions/${sessionId}` : null,
    jsonFetcher,
    {
      // Poll until the session reaches a final state; then stop.
      refreshInterval: (latest) => (latest && FINAL_PAY_SESSION_STATUSES.has(latest.status) ? 0 : 1500),
      revalidateOnFocus: true,
    },
  );

  // A QR that expired unused is replaced automatically; nothing was shown to a merchant that matters.
  useEffect(() => {
    if (!scannedSessionId && session?.status === "expired" && !session.order) void newSession();
  }, [scannedSessionId, session?.status, session?.order, newSession]);

  if (scannedSessionId) {
    if (!session) {
      if (!sessionError) return <p className="muted">Loading the order…</p>;
      return (
        <div className="stack">
          <Alert>{sessionError instanceof ApiError ? sessionError.message : "This payment could not be loaded."}</Alert>
          <ScanAgainLinks />
        </div>
      );
    }
    if (!session.order) {
      return (
        <div className="stack">
          <Alert>No order has arrived on this pay session.</Alert>
          <ScanAgainLinks />
        </div>
      );
    }
    return <OrderView session={session} onChange={() => void mutate()} />;
  }

  if (createError) {
    return (
      <div className="stack">
        <Alert>{createError}</Alert>
        <button className="button" type="button" onClick={() => void newSession()}>
          Try again
        </button>
      </div>
    );
  }
  if (!created) return <p className="muted">Preparing your QR code…</p>;
  if (!session || session.status === "pending" || (session.status === "expired" && !session.order)) {
    return <QrView created={created} />;
  }
  return <OrderView session={session} onChange={() => void mutate()} onNewSession={() => void newSession()} />;
}

function ScanAgainLinks() {
  return (
    <div className="actions">
      <Link className="button" href="/wallet/scan">
        Scan QR code
      </Link>
      <Link className="button button-secondary" href="/wallet">
        Back to wallet
      </Link>
    </div>
  );
}

function QrView({ created }: { created: CreatedSession }) {
  const payload = JSON.stringify(created.qrPayload);
  return (
    <div className="card qr-wrap">
      <p>Show this code to the merchant. It works once.</p>
      <div className="qr-box">
        <QRCodeSVG value={payload} size={240} level="M" marginSize={4} bgColor="#ffffff" fgColor="#000000" title="QR code to pay" />
      </div>
      <Countdown expiresAt={created.expiresAt} />
      <p className="muted small" aria-live="polite">
        Waiting for the merchant…
      </p>
      <details className="code">
        <summary>Show code</summary>
        <pre data-testid="qr-payload">{payload}</pre>
      </details>
    </div>
  );
}

/** `onNewSession` absent: the order came from a scanned merchant QR code, so "again" means scanning again. */
function OrderView({ session, onChange, onNewSession }: { session: PaySessionView; onChange: () => void; onNewSession?: () => void }) {
  const [error, setError] = useState<string>();
  const [isShort, setShort] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const { order, merchant } = session;

  async function act(action: "confirm" | "decline") {
    setBusy(true);
    setError(undefined);
    setShort(false);
    try {
      await apiFetch(`/api/wallet/sessions/${session.sessionId}/${action}`, { method: "POST" });
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === "INSUFFICIENT_FUNDS") {
        setError(`${failure.message} Add money to your wallet, then confirm again before the order expires.`);
        setShort(true);
      } else {
        setError(failure instanceof ApiError ? failure.message : "Something went wrong.");
      }
    } finally {
      setBusy(false);
      onChange();
    }
  }

  if (!order || !merchant) return null;
  const summary = <OrderSummary merchant={merchant} order={order} />;

  switch (session.status) {
    case "order_received":
      return (
        <section className="card stack" aria-labelledby="order-heading">
          <h2 id="order-heading">Confirm this payment</h2>
          {summary}
          {order.expiresAt ? <Countdown expiresAt={order.expiresAt} label="Order expires in" /> : null}
          {error ? (
            <Alert>
              {error}
              {isShort ? (
                <>
                  {" "}
                  {/* A new tab: the order waits here, on this pay session, until the money has arrived. */}
                  <a href="/wallet/add-money" target="_blank" rel="noopener">
                    Add money (opens in a new tab)
                  </a>
                </>
              ) : null}
            </Alert>
          ) : null}
          <div className="actions">
            <button className="button" type="button" disabled={isBusy} onClick={() => void act("confirm")}>
              Confirm payment
            </button>
            <button className="button button-secondary" type="button" disabled={isBusy} onClick={() => void act("decline")}>
              Decline
            </button>
          </div>
        </section>
      );
    case "paying":
      return (
        <section className="card stack" aria-labelledby="paying-heading">
          <h2 id="paying-heading">Paying…</h2>
          <p className="muted" role="status">
            Your payment to {merchant.name} is on its way through the merchant&apos;s network.
          </p>
          {summary}
        </section>
      );
    case "completed":
      return (
        <section className="card stack receipt" aria-labelledby="receipt-heading">
          <Alert kind="success">Payment complete.</Alert>
          <h2 id="receipt-heading">Receipt</h2>
          {summary}
          <dl>
            <dt>Paid to</dt>
            <dd>{merchant.name}</dd>
            <dt>Order</dt>
            <dd>{order.id}</dd>
            <dt>Transaction</dt>
            <dd data-testid="receipt-txid">{session.txid}</dd>
          </dl>
          <Link className="button button-secondary" href="/wallet">
            Back to wallet
          </Link>
        </section>
      );
    default:
      return (
        <section className="card stack" aria-labelledby="ended-heading">
          <h2 id="ended-heading">{endedTitle(session.status)}</h2>
          <p className="muted">{session.failureReason ?? endedText(session.status)}</p>
          {summary}
          {onNewSession ? (
            <div className="actions">
              <button className="button" type="button" onClick={onNewSession}>
                Show a new QR code
              </button>
              <Link className="button button-secondary" href="/wallet">
                Back to wallet
              </Link>
            </div>
          ) : (
            <ScanAgainLinks />
          )}
        </section>
      );
  }
}

function endedTitle(status: string) {
  return status === "declined" ? "Payment declined" : status === "expired" ? "Order expired" : "Payment failed";
}

function endedText(status: string) {
  return status === "declined"
    ? "You declined this order. Nothing was charged."
    : status === "expired"
      ? "The order expired before it was paid. Nothing was charged."
      : "The payment could not be made. Nothing was charged.";
}
