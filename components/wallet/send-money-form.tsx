"use client";

import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import useSWR from "swr";
import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";
import { ReauthPrompt } from "@/components/pay/reauth-prompt";
import { apiFetch, ApiError, jsonFetcher } from "@/lib/api-client";
import { normalizeHandle } from "@/lib/handles/handle-rules";
import { formatMinor } from "@/lib/i18n/format";
import { currencyExponent, formatAmount, parseAmount, parsePositiveAmount } from "@/lib/money";
import { MEMO_MAX_LENGTH } from "@/lib/wallet/transfer-schemas";

export type Balance = { currency: string; amount: string };
export type Recipient = { handle: string; name: string | null };

type SendAnswer = { txid: string; to: string; amount: string; currency: string };
/** What the confirmation step shows, exactly as it will be sent. */
type Draft = { recipient: Recipient; amount: string; minor: bigint; currency: string; memo?: string };
type Sent = Draft & { txid: string; sentAt: Date };
type FieldErrors = { to?: string; amount?: string; memo?: string };


/**
 * Send money to another wallet user in three steps: the form ("To", "Amount", currency, memo, "Send"),
 * a confirmation of whom and how much (nothing moves before "Send …" there), then a receipt. Focus moves to
 * the confirmation and to the receipt as each replaces the step before. With `recipient` the form has no
 * "To" field: /u/{handle} pays that wallet.
 *
 * One Idempotency-Key per confirmation: pressing "Send" again after a lost answer (or twice) debits once.
 */
export function SendMoneyForm({
  balances: initialBalances,
  recipient: fixedRecipient,
  initialTo = "",
  isFramed = true,
  hasBackLink = false,
}: {
  balances: Balance[];
  recipient?: Recipient;
  initialTo?: string;
  /** A card of its own (false inside a page that already draws one). */
  isFramed?: boolean;
  /** A "Back to wallet" link on the receipt (pages without one at their end, such as /u/{handle}). */
  hasBackLink?: boolean;
}) {
  const t = useTranslations("wallet.send");
  const format = useFormatter();
  const locale = useLocale();
  const money = (minor: bigint, code: string) => formatMinor(locale, minor, code);
  const card = isFramed ? "card stack" : "stack";
  // Fresh on focus and after every answer: money added in another tab shows without a reload.
  const { data, mutate: refreshBalances } = useSWR<{ balances: Balance[] }>("/api/wallet/balance", jsonFetcher, {
    fallbackData: { balances: initialBalances },
    revalidateOnMount: false,
    revalidateOnFocus: true,
  });
  const balances = data?.balances ?? initialBalances;
  const currencies = balances.length > 0 ? balances.map((b) => b.currency) : ["USD"];

  const [step, setStep] = useState<"edit" | "confirm" | "done">("edit");
  const [to, setTo] = useState(initialTo);
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState(() => initialBalances.find((b) => !/^0(\.0*)?$/.test(b.amount))?.currency ?? currencies[0] ?? "USD");
  const [memo, setMemo] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<{ message: string; isFunds?: boolean }>();
  const [draft, setDraft] = useState<Draft>();
  const [sent, setSent] = useState<Sent>();
  const [isBusy, setBusy] = useState(false);
  /** The send is above the operator's limit (PAYMENT_REAUTH_ABOVE): the password first, then the send. */
  const [needsPassword, setNeedsPassword] = useState(false);
  const isBusyRef = useRef(false);
  const attemptKey = useRef<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const hasStepped = useRef(false);

  // The new step replaces the one the user was on: move focus to its heading so it is read out.
  useEffect(() => {
    if (!hasStepped.current) return;
    if (step === "edit") document.getElementById(fixedRecipient ? "send-amount" : "send-to")?.focus();
    else headingRef.current?.focus();
  }, [step, fixedRecipient]);

  const balanceMinor = minorOrZero(balances.find((b) => b.currency === currency)?.amount ?? "0", currency);
  const amountMinor = readAmount(amount, currency).minor;
  const isShort = balanceMinor === 0n || (amountMinor !== undefined && amountMinor > balanceMinor);

  function goTo(next: "edit" | "confirm" | "done") {
    hasStepped.current = true;
    setStep(next);
  }

  async function review(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isBusyRef.current) return;
    setFailure(undefined);
    const found: FieldErrors = {};
    const handle = to.trim();
    if (!fixedRecipient && handle.replace(/^@/, "") === "") found.to = t("errors.toRequired");
    else if (!fixedRecipient && normalizeHandle(handle) === null) found.to = t("errors.handleInvalid", { handle: handle.startsWith("@") ? handle : `@${handle}` });
    const read = readAmount(amount, currency);
    if (read.error) found.amount = t(`errors.${read.error.key}`, read.error.values);
    const memoText = memo.trim();
    if (memoText.length > MEMO_MAX_LENGTH) found.memo = t("errors.memoTooLong", { max: MEMO_MAX_LENGTH });
    setErrors(found);
    if (found.to || found.amount || found.memo || read.minor === undefined) {
      document.getElementById(found.to ? "send-to" : found.amount ? "send-amount" : "send-memo")?.focus();
      return;
    }
    if (read.minor > balanceMinor) return; // the button says so; a stale click must not get through

    let recipient = fixedRecipient;
    if (!recipient) {
      isBusyRef.current = true;
      setBusy(true);
      try {
        recipient = await apiFetch<Recipient>(`/api/wallet/recipients/${encodeURIComponent(handle)}`);
      } catch (error) {
        if (error instanceof ApiError && (error.code === "USER_NOT_FOUND" || error.code === "VALIDATION_ERROR")) {
          setErrors({ to: error.code === "USER_NOT_FOUND" ? t("errors.userNotFound", { handle: handle.startsWith("@") ? handle : `@${handle}` }) : t("errors.ownHandle") });
          document.getElementById("send-to")?.focus();
        } else {
          setFailure({ message: describeFailure(t, error) });
        }
        return;
      } finally {
        isBusyRef.current = false;
        setBusy(false);
      }
    }
    setDraft({ recipient, amount: formatAmount(read.minor, currency), minor: read.minor, currency, ...(memoText ? { memo: memoText } : {}) });
    attemptKey.current = newIdempotencyKey();
    goTo("confirm");
  }

  async function confirm() {
    if (isBusyRef.current || !draft) return;
    isBusyRef.current = true;
    setBusy(true);
    setFailure(undefined);
    try {
      attemptKey.current ??= newIdempotencyKey();
      const answer = await apiFetch<SendAnswer>("/api/wallet/transfers", {
        method: "POST",
        headers: { "idempotency-key": attemptKey.current },
        body: JSON.stringify({ to: draft.recipient.handle, amount: draft.amount, currency: draft.currency, ...(draft.memo ? { memo: draft.memo } : {}) }),
      });
      attemptKey.current = null;
      setSent({ ...draft, txid: answer.txid, sentAt: new Date() });
      goTo("done");
    } catch (error) {
      // The key stays: a refused send changed nothing and was not remembered, and a lost answer must be asked
      // again with the same key so that it is never sent twice.
      if (error instanceof ApiError && error.code === "INSUFFICIENT_FUNDS") {
        setFailure({ message: t("errors.insufficient"), isFunds: true });
      } else if (error instanceof ApiError && error.code === "REAUTH_REQUIRED") {
        setNeedsPassword(true);
      } else {
        setFailure({ message: describeFailure(t, error) });
      }
    } finally {
      isBusyRef.current = false;
      setBusy(false);
      void refreshBalances();
    }
  }

  function change() {
    setFailure(undefined);
    setNeedsPassword(false);
    attemptKey.current = null;
    goTo("edit");
  }

  function sendMore() {
    setAmount("");
    setMemo("");
    setSent(undefined);
    setDraft(undefined);
    if (!fixedRecipient) setTo("");
    goTo("edit");
  }

  if (step === "done" && sent) {
    return (
      <section className={`${card} receipt money-receipt`} aria-labelledby="send-receipt-heading">
        <Alert kind="success">
          <span aria-hidden="true">✓ </span>
          {t("sent")}
        </Alert>
        <h2 id="send-receipt-heading" tabIndex={-1} ref={headingRef}>
          {t("receiptHeading")}
        </h2>
        <dl className="money-facts">
          <dt>{t("sentTo")}</dt>
          <dd data-testid="receipt-recipient">
            <RecipientName recipient={sent.recipient} />
          </dd>
          <dt>{t("amount")}</dt>
          <dd data-testid="receipt-amount">{money(sent.minor, sent.currency)}</dd>
          {sent.memo ? (
            <>
              <dt>{t("memo")}</dt>
              <dd>{sent.memo}</dd>
            </>
          ) : null}
          <dt>{t("date")}</dt>
          <dd>
            <time dateTime={sent.sentAt.toISOString()}>{format.dateTime(sent.sentAt, { dateStyle: "medium", timeStyle: "short" })}</time>
          </dd>
          <dt id="send-receipt-txid-label">{t("transaction")}</dt>
          <dd className="mono" data-testid="receipt-txid">
            {sent.txid}
          </dd>
        </dl>
        <div className="money-copy" style={{ justifyContent: "flex-start" }}>
          <CopyButton text={sent.txid} label={t("copyTxid")} what={t("txidWhat")} isSmall describedBy="send-receipt-txid-label" />
        </div>
        <div className="actions">
          <Link className="button" href={`/wallet/receipts/${sent.txid}`}>
            {t("openReceipt")}
          </Link>
          {hasBackLink ? (
            <Link className="button button-secondary" href="/wallet">
              {t("backToWallet")}
            </Link>
          ) : null}
          <button type="button" className="button button-secondary" onClick={sendMore}>
            {fixedRecipient ? t("sendMoreTo", { handle: `@${fixedRecipient.handle}` }) : t("sendMore")}
          </button>
        </div>
      </section>
    );
  }

  if (step === "confirm" && draft) {
    const after = balanceMinor - draft.minor;
    return (
      <section className={`${card} money-confirm`} aria-labelledby="send-confirm-heading">
        <h2 id="send-confirm-heading" tabIndex={-1} ref={headingRef}>
          {t("confirmHeading")}
        </h2>
        <p className="money-amount" data-testid="confirm-amount">
          {money(draft.minor, draft.currency)}
        </p>
        <dl className="money-facts">
          <dt>{t("to")}</dt>
          <dd data-testid="confirm-recipient">
            <RecipientName recipient={draft.recipient} />
          </dd>
          {draft.memo ? (
            <>
              <dt>{t("memo")}</dt>
              <dd>{draft.memo}</dd>
            </>
          ) : null}
          <dt>{t("balanceAfter")}</dt>
          <dd>{after >= 0n ? money(after, draft.currency) : t("notEnough")}</dd>
        </dl>
        <p className="muted small">{t("irreversible")}</p>
        {failure ? <FailureAlert failure={failure} /> : null}
        {needsPassword ? (
          <ReauthPrompt
            idPrefix="send-reauth"
            onConfirmed={async () => {
              setNeedsPassword(false);
              await confirm();
            }}
            onCancel={change}
          />
        ) : (
          <div className="actions">
            <button type="button" className="button button-large" onClick={() => void confirm()} disabled={isBusy} aria-busy={isBusy}>
              {isBusy ? t("sending") : t("sendAmount", { amount: money(draft.minor, draft.currency) })}
            </button>
            <button type="button" className="button button-secondary" onClick={change} disabled={isBusy}>
              {t("change")}
            </button>
          </div>
        )}
      </section>
    );
  }

  const describedBy = (id: string, hint?: string) => [hint, errors[id as keyof FieldErrors] ? `send-${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <form className={`${card} money-form`} onSubmit={(event) => void review(event)} noValidate aria-label={fixedRecipient ? t("formLabelTo", { handle: `@${fixedRecipient.handle}` }) : t("formLabel")}>
      {fixedRecipient ? null : (
        <div className="field">
          <label htmlFor="send-to">{t("to")}</label>
          <input
            id="send-to"
            name="to"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            placeholder={t("toPlaceholder")}
            autoComplete="off"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            maxLength={100}
            required
            aria-invalid={errors.to ? true : undefined}
            aria-describedby={describedBy("to", "send-to-hint")}
          />
          <p id="send-to-hint" className="field-hint muted small">
            {t("toHint")}
          </p>
          {errors.to ? (
            <p id="send-to-error" className="field-error">
              {errors.to}
            </p>
          ) : null}
        </div>
      )}
      <div className="amount-row">
        <div className="field">
          <label htmlFor="send-amount">{t("amount")}</label>
          <input
            id="send-amount"
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            placeholder="0.00"
            required
            aria-invalid={errors.amount ? true : undefined}
            aria-describedby={describedBy("amount")}
          />
          {errors.amount ? (
            <p id="send-amount-error" className="field-error">
              {errors.amount}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="send-currency">{t("currency")}</label>
          <select id="send-currency" name="currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
            {currencies.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor="send-memo">{t("memoOptional")}</label>
        <input
          id="send-memo"
          name="memo"
          value={memo}
          onChange={(e) => setMemo(e.target.value)}
          maxLength={MEMO_MAX_LENGTH}
          autoComplete="off"
          aria-invalid={errors.memo ? true : undefined}
          aria-describedby={describedBy("memo", "send-memo-hint")}
        />
        <p id="send-memo-hint" className="field-hint muted small">
          {fixedRecipient ? t("memoHintTo", { handle: `@${fixedRecipient.handle}` }) : t("memoHint")}
        </p>
        {errors.memo ? (
          <p id="send-memo-error" className="field-error">
            {errors.memo}
          </p>
        ) : null}
      </div>
      <dl className="money-balance">
        <dt>{t("yourBalance")}</dt>
        <dd data-testid="send-balance">{money(balanceMinor, currency)}</dd>
      </dl>
      {isShort ? (
        <p id="send-short" className="small money-short">
          {balanceMinor === 0n ? t("noneYet", { currency }) : t("short")} <Link href="/wallet/add-money">{t("addMoney")}</Link>
        </p>
      ) : null}
      {failure ? <FailureAlert failure={failure} /> : null}
      <button type="submit" className="button button-block button-large" disabled={isBusy || isShort} aria-describedby={isShort ? "send-short" : undefined}>
        {isBusy ? t("checking") : t("send")}
      </button>
    </form>
  );
}

function RecipientName({ recipient }: { recipient: Recipient }) {
  return recipient.name ? (
    <>
      {recipient.name} (<strong>@{recipient.handle}</strong>)
    </>
  ) : (
    <strong>@{recipient.handle}</strong>
  );
}

function FailureAlert({ failure }: { failure: { message: string; isFunds?: boolean } }) {
  const t = useTranslations("wallet.send");
  return (
    <Alert>
      {failure.message}
      {failure.isFunds ? (
        <>
          {" "}
          <Link href="/wallet/add-money">{t("addMoney")}</Link>
        </>
      ) : null}
    </Alert>
  );
}

type AmountError = { key: "amountRequired" | "amountFormat" | "amountPrecision" | "amountZero"; values: Record<string, string | number> };

/** The amount in minor units, or why it cannot be sent (a message of wallet.send.errors, as the server would say it). */
function readAmount(text: string, currency: string): { minor?: bigint; error?: AmountError } {
  const amount = text.trim();
  const shown = amount.length > 40 ? `${amount.slice(0, 40)}…` : amount;
  if (amount === "") return { error: { key: "amountRequired", values: {} } };
  const match = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/.exec(amount);
  if (!match) return { error: { key: "amountFormat", values: { amount: shown } } };
  let decimals = 2;
  try {
    decimals = currencyExponent(currency);
  } catch {
    // an unknown currency cannot be in the list; keep the default
  }
  if ((match[2] ?? "").length > decimals) return { error: { key: "amountPrecision", values: { amount: shown, currency, decimals } } };
  try {
    return { minor: parsePositiveAmount(amount, currency) };
  } catch {
    return { error: { key: /^[0.]+$/.test(amount) ? "amountZero" : "amountFormat", values: { amount: shown } } };
  }
}

function minorOrZero(amount: string, currency: string): bigint {
  try {
    return parseAmount(amount, currency);
  } catch {
    return 0n;
  }
}

function describeFailure(t: (key: string) => string, error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return t("errors.sessionEnded");
  if (error instanceof ApiError && error.status === 0) return t("errors.network");
  if (error instanceof ApiError && error.code === "USER_NOT_FOUND") return t("errors.recipientGone");
  return t("errors.generic");
}

/** A fresh Idempotency-Key; randomUUID needs a secure context, getRandomValues does not. */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function" && window.isSecureContext) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}
