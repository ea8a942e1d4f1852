"use client";

import { signOut } from "next-auth/react";
import Link from "next/link";
import { useEffect, useRef, useState, type FormEvent } from "react";
import useSWR from "swr";
import { CheckoutSignIn } from "@/components/checkout/checkout-sign-in";
import { formatDuration, useSecondsLeft } from "@/components/pay/countdown";
import { RequestSummary } from "@/components/pay/request-summary";
import { compareDecimal } from "@/lib/compare-decimal";
import { Alert } from "@/components/ui/alert";
import { apiFetch, ApiError, jsonFetcher } from "@/lib/api-client";
import type { PaymentRequestForPage } from "@/lib/payment-requests/get-payment-request-for-page";
import type { PayerViewJson, YoursJson } from "@/lib/payment-requests/payment-request-view";
import { LocalTime } from "@/components/pay/local-time";
import { isZeroAmount } from "@/components/pay/yours";

export type Viewer = { email: string; handle: string; balances: { currency: string; amount: string }[] };

type PayAnswer = { status: string; txid: string; request: PayerViewJson };
/** The answer and what this payment moved (the answer tells the request, not the payment). */
type PaidReceipt = PayAnswer & { paid: string };

const POLL_MS = 2000;
/** Statuses in which our wallet can still pay the request. */
const OPEN_STATUSES = new Set(["CREATED", "INCOMPLETE"]);
const PAID_STATUSES = new Set(["DONE", "ACCEPTED", "OVERPAID", "EARLY", "LATE", "REFUND", "REFUNDED"]);

const unixSeconds = (iso: string) => Date.parse(iso) / 1000;
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

// Module-level, so their identity is stable (SWR restarts its timer whenever refreshInterval changes).
const pollWhileOpen = (latest?: PayerViewJson) =>
  !latest || OPEN_STATUSES.has(latest.status) || latest.status === "PROCESSING" || latest.status === "PENDING" ? POLL_MS : 0;
const fetchRequest = ([url]: readonly [string, string]) => jsonFetcher<PayerViewJson>(url);

export function PayRequestClient({ id, initial, viewer }: { id: string; initial: PaymentRequestForPage; viewer: Viewer | null }) {
  if (initial.kind === "addressed") return <AddressedSignIn callbackUrl={`/pay/${id}`} />;
  return <PayRequest initialRequest={initial.request} viewer={viewer} />;
}

/** A request-to-pay opened without a session: nothing of it is shown until its addressee signs in. */
export function AddressedSignIn({ callbackUrl }: { callbackUrl: string }) {
  return (
    <section className="card stack checkout-panel" aria-labelledby="addressed-heading">
      <h1 id="addressed-heading">A payment request for you</h1>
      <p className="muted">This payment request is addressed to one wallet user. Sign in to see it and pay or decline it.</p>
      <CheckoutSignIn callbackUrl={callbackUrl} />
    </section>
  );
}

function PayRequest({ initialRequest, viewer }: { initialRequest: PayerViewJson; viewer: Viewer | null }) {
  const path = `/api/wallet/payment-requests/${initialRequest.id}`;
  // Only a signed-in payer can ask the API; the viewer is part of the key, so after an inline sign-in the
  // server's fresh view wins over the cached anonymous one.
  const { data, mutate } = useSWR<PayerViewJson, unknown, readonly [string, string] | null>(viewer ? [path, viewer.email] : null, fetchRequest, {
    fallbackData: initialRequest,
    refreshInterval: pollWhileOpen,
    revalidateOnFocus: true,
    revalidateOnMount: false,
  });
  const request = data ?? initialRequest;
  const [receipt, setReceipt] = useState<PaidReceipt>();
  const secondsLeft = useSecondsLeft(unixSeconds(request.expiresAt)) ?? 0;
  const opensIn = useSecondsLeft(request.notBefore ? unixSeconds(request.notBefore) : undefined);
  const isOpen = OPEN_STATUSES.has(request.status);
  // Past expiresAt nothing more can be paid, also on a split payment that has received parts (INCOMPLETE).
  const hasRunOut = isOpen && secondsLeft <= 0;

  // The deadline passed on screen: ask the server, which is the one that decides.
  useEffect(() => {
    if (hasRunOut && viewer && request.status === "CREATED") void mutate();
  }, [hasRunOut, viewer, request.status, mutate]);

  return (
    <div className="stack">
      <section className="card checkout-panel" aria-labelledby="request-heading">
        <h1 id="request-heading" className="visually-hidden">
          Pay {request.merchant.name}
        </h1>
        <RequestSummary request={request} />
        <p className="muted small checkout-ref">
          Code <span className="checkout-mono">{request.shortCode}</span>
        </p>
      </section>
      <div className="card checkout-panel checkout-side">
        {receipt ? (
          <Receipt receipt={receipt} request={request} />
        ) : request.yours && !(isOpen && !hasRunOut) ? (
          // Opened again later (from the history, after a refund or a capture): what the payer's money did.
          <YourReceipt request={request} yours={request.yours} />
        ) : isOpen && !hasRunOut ? (
          <OpenPanel
            request={request}
            secondsLeft={secondsLeft}
            opensIn={opensIn !== undefined && opensIn > 0 ? opensIn : undefined}
            viewer={viewer}
            onPaid={(paid) => {
              setReceipt(paid);
              void mutate(paid.request, { revalidate: false });
            }}
            onChange={() => mutate()}
          />
        ) : (
          <EndedPanel request={request} status={hasRunOut ? (request.status === "INCOMPLETE" ? "EXPIRED_PART_PAID" : "EXPIRED") : request.status} />
        )}
      </div>
    </div>
  );
}

function ExpiryTimer({ secondsLeft }: { secondsLeft: number }) {
  return (
    // Server and browser clocks read a second apart at hydration; the next tick corrects it either way.
    <p className="countdown checkout-countdown" role="timer" aria-label={`Request expires in ${formatDuration(secondsLeft)}`} suppressHydrationWarning>
      Expires in <strong suppressHydrationWarning>{formatDuration(secondsLeft)}</strong>
    </p>
  );
}

/** A request whose notBefore is still ahead: when it opens, in the payer's local time, and a countdown. */
function NotYetValid({ request, opensIn }: { request: PayerViewJson; opensIn: number }) {
  const opensAt = new Date(request.notBefore!);
  return (
    <section className="stack not-yet" aria-labelledby="not-yet-heading">
      <h2 id="not-yet-heading">Not open for payment yet</h2>
      <p id="not-yet-when">
        {request.merchant.name} opens this request for payment at{" "}
        <time dateTime={opensAt.toISOString()} suppressHydrationWarning>
          {timeFormat.format(opensAt)}
        </time>
        .
      </p>
      <p className="countdown checkout-countdown" role="timer" aria-label={`Opens in ${formatDuration(opensIn)}`} suppressHydrationWarning>
        Opens in <strong suppressHydrationWarning>{formatDuration(opensIn)}</strong>
      </p>
      <p className="muted small">Keep this page open: you can pay here as soon as it opens.</p>
    </section>
  );
}

function OpenPanel({
  request,
  secondsLeft,
  opensIn,
  viewer,
  onPaid,
  onChange,
}: {
  request: PayerViewJson;
  secondsLeft: number;
  /** Seconds until notBefore, while it is ahead: Pay stays disabled until then. */
  opensIn: number | undefined;
  viewer: Viewer | null;
  onPaid: (receipt: PaidReceipt) => void;
  onChange: () => Promise<unknown>;
}) {
  const isAmountEntered = request.value === null || request.partialAllowed;
  const currencies = currencyChoices(request, viewer);
  const [currency, setCurrency] = useState(request.value?.currency ?? currencies[0] ?? "USD");
  const [amount, setAmount] = useState("");
  const [error, setError] = useState<{ message: string; isFunds?: boolean }>();
  const [amountError, setAmountError] = useState<string>();
  const [isPaying, setPaying] = useState(false);
  const isPayingRef = useRef(false);
  // One key per attempt: a retry after a lost answer reuses it, so the server never debits twice.
  const attemptKey = useRef<string | null>(null);

  const payAmount = isAmountEntered ? amount.trim() : (request.amountDue ?? request.value?.amount ?? "");
  // Fresh on focus and after a refusal: money added in another tab shows without a reload.
  const { data: balanceData, mutate: refreshBalances } = useSWR<{ balances: Viewer["balances"] }>(viewer ? "/api/wallet/balance" : null, jsonFetcher, {
    fallbackData: viewer ? { balances: viewer.balances } : undefined,
    revalidateOnMount: false,
    revalidateOnFocus: true,
  });
  const balance = (balanceData?.balances ?? viewer?.balances ?? []).find((b) => b.currency === currency)?.amount ?? "0";
  const isShort = viewer !== null && payAmount !== "" && isDecimal(payAmount) && compareDecimal(balance, payAmount) < 0;
  const isDeclinable = viewer !== null && request.payer !== undefined && request.payer === viewer.handle;
  const callbackUrl = `/pay/${request.id}`;

  async function pay(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isPayingRef.current || opensIn !== undefined) return;
    if (isAmountEntered && !isDecimal(payAmount)) {
      setAmountError("Enter an amount such as 12.50.");
      document.getElementById("pay-amount")?.focus();
      return;
    }
    isPayingRef.current = true;
    setPaying(true);
    setError(undefined);
    setAmountError(undefined);
    attemptKey.current ??= crypto.randomUUID();
    try {
      const body = isAmountEntered ? { amount: payAmount, ...(request.value ? {} : { currency }) } : {};
      const answer = await apiFetch<PayAnswer>(`/api/wallet/payment-requests/${request.id}/pay`, {
        method: "POST",
        headers: { "idempotency-key": attemptKey.current },
        body: JSON.stringify(body),
      });
      attemptKey.current = null;
      onPaid({ ...answer, paid: `${payAmount} ${currency}` });
      return;
    } catch (failure) {
      // Only a request whose answer was lost may be sent again with the same key.
      if (!(failure instanceof ApiError && failure.status === 0)) attemptKey.current = null;
      if (failure instanceof ApiError && failure.code === "INSUFFICIENT_FUNDS") {
        setError({ message: `${failure.message} Add money to your wallet, then pay here before the request expires.`, isFunds: true });
      } else if (failure instanceof ApiError && failure.code === "INVALID_AMOUNT") {
        setAmountError(failure.message);
      } else if (failure instanceof ApiError && failure.status === 401) {
        setError({ message: "Your sign-in has ended. Reload the page and sign in again." });
      } else {
        setError({ message: failure instanceof ApiError ? failure.message : "Something went wrong. Nothing was charged." });
      }
    }
    isPayingRef.current = false;
    setPaying(false);
    await Promise.all([onChange(), refreshBalances()]);
  }

  async function decline() {
    if (isPayingRef.current) return;
    isPayingRef.current = true;
    setPaying(true);
    setError(undefined);
    try {
      await apiFetch(`/api/wallet/payment-requests/${request.id}/decline`, { method: "POST" });
    } catch (failure) {
      setError({ message: failure instanceof ApiError ? failure.message : "Could not decline the request." });
    }
    isPayingRef.current = false;
    setPaying(false);
    await onChange();
  }

  return (
    <div className="stack">
      {opensIn !== undefined ? <NotYetValid request={request} opensIn={opensIn} /> : <ExpiryTimer secondsLeft={secondsLeft} />}
      {viewer ? (
        <form className="stack" onSubmit={(event) => void pay(event)} noValidate>
          <div className="checkout-account">
            <span className="small muted">
              Paying as <strong className="checkout-email">@{viewer.handle}</strong>
            </span>
            <button type="button" className="link-button small" onClick={() => void signOut({ callbackUrl })}>
              Not you? Sign out
            </button>
          </div>
          {request.partialAllowed && request.amountDue ? (
            <p className="small" data-testid="amount-due">
              Still due: <strong>{request.amountDue} {request.value?.currency}</strong>. You can pay all of it or a part.
            </p>
          ) : null}
          {isAmountEntered ? (
            <div className="amount-row">
              <div className="field">
                <label htmlFor="pay-amount">Amount</label>
                <input
                  id="pay-amount"
                  name="amount"
                  inputMode="decimal"
                  autoComplete="off"
                  value={amount}
                  onChange={(e) => setAmount(e.target.value)}
                  placeholder={request.amountDue ?? "0.00"}
                  required
                  aria-invalid={amountError ? true : undefined}
                  aria-describedby={amountError ? "pay-amount-error" : undefined}
                />
                {amountError ? (
                  <p id="pay-amount-error" className="field-error">
                    {amountError}
                  </p>
                ) : null}
              </div>
              {request.value ? null : (
                <div className="field">
                  <label htmlFor="pay-currency">Currency</label>
                  <select id="pay-currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
                    {currencies.map((c) => (
                      <option key={c}>{c}</option>
                    ))}
                  </select>
                </div>
              )}
            </div>
          ) : null}
          <dl className="checkout-balance">
            <dt>Your balance</dt>
            <dd data-testid="pay-balance">
              {balance} {currency}
            </dd>
          </dl>
          {isShort && !error ? (
            <p className="small checkout-short">
              Your balance is not enough for this payment. <Link href="/wallet/add-money">Add money to your wallet</Link>, then pay here before the request
              expires.
            </p>
          ) : null}
          {error ? (
            <Alert>
              {error.message}
              {error.isFunds ? (
                <>
                  {" "}
                  <Link href="/wallet/add-money">Add money</Link>
                </>
              ) : null}
            </Alert>
          ) : null}
          <button
            className="button button-block checkout-pay"
            type="submit"
            disabled={isPaying || opensIn !== undefined}
            aria-busy={isPaying}
            aria-describedby={opensIn !== undefined ? "not-yet-when" : undefined}
          >
            {isPaying ? "Paying…" : payAmount && isDecimal(payAmount) ? `Pay ${payAmount} ${currency}` : "Pay"}
          </button>
          {isDeclinable ? (
            <button className="button button-secondary button-block" type="button" disabled={isPaying} onClick={() => void decline()}>
              Decline
            </button>
          ) : null}
        </form>
      ) : (
        <CheckoutSignIn callbackUrl={callbackUrl} />
      )}
    </div>
  );
}

/**
 * What the payer's money on a request is now, in plain words: reserved until the merchant confirms, taken,
 * refunded in part or in full, or released back to them.
 */
function receiptState(status: string, yours: YoursJson | undefined): { text: string; note?: string; isDone: boolean } {
  const hasRefund = yours !== undefined && !isZeroAmount(yours.refunded);
  switch (status) {
    case "PENDING":
      return { text: "Reserved — the merchant will confirm", note: "The money is set aside, not yet taken: the merchant takes it when they confirm, or it comes back to you if they release it.", isDone: true };
    case "FAILED":
      return { text: "Released — the money is back in your wallet", note: "The merchant did not take the reserved money; it went back to your balance.", isDone: false };
    case "REFUNDED":
      return { text: "Refunded — the money is back in your wallet", isDone: false };
    case "REFUND":
      return { text: "Partly refunded", note: "The refunded part is back in your wallet.", isDone: true };
    case "CANCELLED":
      return hasRefund
        ? { text: "Cancelled — your payment was refunded", note: "The money you paid is back in your wallet.", isDone: false }
        : { text: "Cancelled", isDone: false };
    default:
      return { text: "Payment complete", ...(hasRefund ? { note: "Part of your payment was refunded to your wallet." } : {}), isDone: true };
  }
}

function Receipt({ receipt, request }: { receipt: PaidReceipt; request: PayerViewJson }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [paidAt] = useState(() => new Date());
  // The receipt replaces the form the payer was using: move focus to it so it is read out.
  useEffect(() => headingRef.current?.focus(), []);
  const currency = request.value?.currency ?? "";
  const isPart = request.status === "INCOMPLETE";
  const state = receiptState(request.status, request.yours);
  return (
    <section className="stack receipt" aria-labelledby="receipt-heading">
      <Alert kind="success">
        {state.isDone ? <span aria-hidden="true">✓ </span> : null}
        <span data-testid="receipt-state">{state.text}</span>
      </Alert>
      <h2 id="receipt-heading" tabIndex={-1} ref={headingRef}>
        Receipt
      </h2>
      <dl>
        <dt>{request.status === "PENDING" ? "Reserved for" : "Paid to"}</dt>
        <dd>
          {request.merchant.name} (@{request.merchant.handle})
        </dd>
        <dt>Amount</dt>
        <dd data-testid="receipt-amount">{receipt.paid}</dd>
        {isPart && request.amountDue ? (
          <>
            <dt>Still due</dt>
            <dd>
              {request.amountDue} {currency}
            </dd>
          </>
        ) : null}
        {request.yours && !isZeroAmount(request.yours.refunded) ? (
          <>
            <dt>Refunded</dt>
            <dd data-testid="receipt-refunded">
              {request.yours.refunded} {currency}
            </dd>
          </>
        ) : null}
        <dt>Code</dt>
        <dd>{request.shortCode}</dd>
        <dt>Transaction</dt>
        <dd data-testid="receipt-txid" className="checkout-mono">
          {receipt.txid}
        </dd>
        <dt>Date</dt>
        <dd>
          <time dateTime={paidAt.toISOString()}>{timeFormat.format(paidAt)}</time>
        </dd>
      </dl>
      {state.note ? <p className="muted small">{state.note}</p> : null}
      <Link className="button button-secondary button-block" href="/wallet">
        Back to wallet
      </Link>
    </section>
  );
}

/**
 * The receipt of a request the viewer paid, opened again later (from the wallet history, after a refund, a
 * capture or a release): what their own money did on it, each payment and refund.
 */
function YourReceipt({ request, yours }: { request: PayerViewJson; yours: YoursJson }) {
  const currency = request.value?.currency ?? "";
  const state = receiptState(request.status, yours);
  const amount = (value: string) => `${value}${currency ? ` ${currency}` : ""}`;
  return (
    <section className="stack receipt" aria-labelledby="ended-heading" aria-live="polite">
      {/* The request's state as anyone opening it is told (already paid, cancelled…), then this payer's receipt. */}
      <h2 id="ended-heading">{endedCopy(request.status, request.merchant.name).title}</h2>
      <h3 id="receipt-heading" className="small-heading">
        Receipt
      </h3>
      <p className={`alert ${state.isDone ? "alert-success" : "alert-info"}`} data-testid="receipt-state">
        {state.isDone ? <span aria-hidden="true">✓ </span> : null}
        {state.text}
      </p>
      <dl>
        <dt>{isZeroAmount(yours.paid) && !isZeroAmount(yours.reserved) ? "Reserved for" : "Paid to"}</dt>
        <dd>
          {request.merchant.name} (@{request.merchant.handle})
        </dd>
        {!isZeroAmount(yours.paid) ? (
          <>
            <dt>Paid</dt>
            <dd data-testid="receipt-paid">{amount(yours.paid)}</dd>
          </>
        ) : null}
        {!isZeroAmount(yours.reserved) ? (
          <>
            <dt>Reserved</dt>
            <dd data-testid="receipt-reserved">{amount(yours.reserved)}</dd>
          </>
        ) : null}
        {!isZeroAmount(yours.refunded) ? (
          <>
            <dt>Refunded</dt>
            <dd data-testid="receipt-refunded">{amount(yours.refunded)}</dd>
          </>
        ) : null}
        {request.status === "INCOMPLETE" && request.amountDue ? (
          <>
            <dt>Still due</dt>
            <dd>{amount(request.amountDue)}</dd>
          </>
        ) : null}
        <dt>Code</dt>
        <dd>{request.shortCode}</dd>
      </dl>
      {state.note ? <p className="muted small">{state.note}</p> : null}
      <h3 id="movements-heading" className="small-heading">
        Your payments and refunds
      </h3>
      <ul className="row-list movements" aria-labelledby="movements-heading">
        {yours.movements.map((movement) => (
          <li key={movement.txid} data-testid="receipt-movement">
            <div className="row-head">
              <span>
                {movementLabel(movement)} <strong>{amount(movement.amount)}</strong>
              </span>
              <span className="muted small">
                <LocalTime iso={movement.createdAt} />
              </span>
            </div>
            <div className="muted small checkout-mono">{movement.txid}</div>
          </li>
        ))}
      </ul>
      <Link className="button button-secondary button-block" href="/wallet">
        Back to wallet
      </Link>
    </section>
  );
}

function movementLabel(movement: YoursJson["movements"][number]): string {
  if (movement.type === "refund") return "Refund";
  if (movement.state === "held") return "Reserved";
  if (movement.state === "released") return "Reserved, then released";
  if (movement.state === "captured") return "Payment (confirmed by the merchant)";
  return "Payment";
}

function EndedPanel({ request, status }: { request: PayerViewJson; status: string }) {
  const { title, text } = endedCopy(status, request.merchant.name);
  return (
    <section className="stack" aria-labelledby="ended-heading" aria-live="polite">
      <h2 id="ended-heading">{title}</h2>
      <p>{text}</p>
      <Link className="button button-secondary button-block" href="/wallet">
        Back to wallet
      </Link>
    </section>
  );
}

function endedCopy(status: string, merchant: string): { title: string; text: string } {
  if (PAID_STATUSES.has(status)) return { title: "Already paid", text: `This payment request has already been paid. Nothing more is needed.` };
  switch (status) {
    case "EXPIRED":
      return { title: "This request has expired", text: `The time to pay ran out. Nothing was charged. Ask ${merchant} for a new code.` };
    case "EXPIRED_PART_PAID":
      return { title: "This request has expired", text: `The time to pay ran out. The parts already paid stay with ${merchant}; nothing more can be paid.` };
    case "CANCELLED":
      return { title: "This request was cancelled", text: `${merchant} cancelled it, or it was declined. Nothing was charged.` };
    case "FAILED":
      return { title: "Released — the money is back", text: `${merchant} released the reserved money: it went back to the payer's wallet. This request can no longer be paid.` };
    case "PENDING":
      return { title: "Payment reserved", text: `A payment is reserved for this request and waits for ${merchant} to confirm it.` };
    case "PROCESSING":
      return { title: "Being paid elsewhere", text: "This request is being paid through another payment provider right now." };
    default:
      return { title: "This request cannot be paid", text: `It is on hold. Ask ${merchant} about it.` };
  }
}

function currencyChoices(request: PayerViewJson, viewer: Viewer | null): string[] {
  if (request.value) return [request.value.currency];
  const held = viewer?.balances.map((b) => b.currency) ?? [];
  return held.length > 0 ? held : ["USD"];
}

const DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const isDecimal = (text: string) => DECIMAL.test(text) && !/^0(\.0*)?$/.test(text);

