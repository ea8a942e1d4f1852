"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { usePayErrorMessage } from "@/components/pay/pay-errors";
import { apiFetch } from "@/lib/api-client";

/**
 * A payment above the operator's limit (PAYMENT_REAUTH_ABOVE) asks for the password again, inline: a
 * correct password sets a five-minute proof (POST /api/wallet/reauth) and `onConfirmed` pays.
 */
export function ReauthPrompt({ idPrefix, onConfirmed, onCancel }: { idPrefix: string; onConfirmed: () => Promise<void> | void; onCancel?: () => void }) {
  const t = useTranslations("pay.reauth");
  const errorMessage = usePayErrorMessage();
  const inputRef = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string>();
  const [isBusy, setBusy] = useState(false);
  useEffect(() => inputRef.current?.focus(), []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    setBusy(true);
    setError(undefined);
    try {
      await apiFetch("/api/wallet/reauth", { method: "POST", body: JSON.stringify({ password }) });
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
      inputRef.current?.focus();
      return;
    }
    await onConfirmed();
    setBusy(false);
  }

  const hintId = `${idPrefix}-hint`;
  const errorId = `${idPrefix}-error`;
  return (
    <form className="stack reauth" onSubmit={(event) => void submit(event)} noValidate aria-labelledby={`${idPrefix}-heading`}>
      <h3 id={`${idPrefix}-heading`} className="small-heading">
        {t("heading")}
      </h3>
      <div className="field">
        <label htmlFor={`${idPrefix}-password`}>{t("password")}</label>
        <input
          ref={inputRef}
          id={`${idPrefix}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${errorId} ${hintId}` : hintId}
        />
        {error ? (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <p id={hintId} className="muted small" style={{ margin: 0 }}>
          {t("hint")}
        </p>
      </div>
      <button className="button button-block checkout-pay" type="submit" disabled={isBusy} aria-busy={isBusy}>
        {isBusy ? t("confirming") : t("submit")}
      </button>
      {onCancel ? (
        <button className="button button-secondary button-block" type="button" onClick={onCancel} disabled={isBusy}>
          {t("cancel")}
        </button>
      ) : null}
    </form>
  );
}
