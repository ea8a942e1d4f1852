"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Field } from "@/components/ui/field";
import { apiFetch, ApiError } from "@/lib/api-client";

type PasswordField = "currentPassword" | "newPassword" | "confirmPassword";
type Result = { kind: "success" | "error"; text: string };

/**
 * A result that replaces what the user acted on: announced (status or alert) and focused, so focus never
 * drops to <body> and a screen reader reads it at once.
 */
function ResultMessage({ result, id }: { result: Result; id: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), [result]);
  return (
    <p ref={ref} id={id} tabIndex={-1} role={result.kind === "error" ? "alert" : "status"} className={`alert alert-${result.kind}`} data-testid={`${id}`}>
      {result.kind === "success" ? <span aria-hidden="true">✓ </span> : null}
      {result.text}
    </p>
  );
}

/**
 * Change password: the current one, the new one twice. The rules are linked to the new-password field; a
 * wrong current password is said on that field and nothing changes. On success every other session is
 * signed out (the server re-issues this session's cookie).
 */
export function ChangePasswordForm() {
  const t = useTranslations("wallet.account");
  const [errors, setErrors] = useState<Partial<Record<PasswordField, string>>>({});
  const [result, setResult] = useState<Result>();
  const [isBusy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const focusField = (field: PasswordField) => document.getElementById(`account-${field}`)?.focus();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isBusy) return;
    const form = new FormData(event.currentTarget);
    const currentPassword = String(form.get("currentPassword") ?? "");
    const newPassword = String(form.get("newPassword") ?? "");
    const confirmPassword = String(form.get("confirmPassword") ?? "");
    const found: Partial<Record<PasswordField, string>> = {};
    if (!currentPassword) found.currentPassword = t("errors.currentRequired");
    if (newPassword.length < 10) found.newPassword = t("errors.tooShort");
    else if (newPassword === currentPassword) found.newPassword = t("errors.same");
    if (!found.newPassword && confirmPassword !== newPassword) found.confirmPassword = t("errors.mismatch");
    setResult(undefined);
    setErrors(found);
    const first = (["currentPassword", "newPassword", "confirmPassword"] as const).find((f) => found[f]);
    if (first) {
      focusField(first);
      return;
    }
    setBusy(true);
    try {
      await apiFetch("/api/wallet/account/password", { method: "POST", body: JSON.stringify({ currentPassword, newPassword }) });
      formRef.current?.reset();
      setResult({ kind: "success", text: t("passwordChanged") });
    } catch (error) {
      const field = error instanceof ApiError ? (error.details?.field as string | undefined) : undefined;
      const reason = error instanceof ApiError ? (error.details?.reason as string | undefined) : undefined;
      if (reason === "WRONG_PASSWORD") {
        setErrors({ currentPassword: t("errors.wrongCurrent") });
        focusField("currentPassword");
      } else if (reason === "SAME_PASSWORD") {
        setErrors({ newPassword: t("errors.same") });
        focusField("newPassword");
      } else if (field === "newPassword" || (error instanceof ApiError && error.code === "VALIDATION_ERROR" && /newPassword/.test(error.message))) {
        setErrors({ newPassword: t("errors.weak") });
        focusField("newPassword");
      } else {
        setResult({ kind: "error", text: describeFailure(t, error) });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card stack" aria-labelledby="change-password-heading">
      <h2 id="change-password-heading" className="money-section-title">
        {t("changePasswordHeading")}
      </h2>
      {result ? <ResultMessage result={result} id="change-password-result" /> : null}
      <form ref={formRef} className="stack money-form" method="post" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="change-password-heading">
        <Field
          id="account-currentPassword"
          name="currentPassword"
          label={t("currentPassword")}
          type="password"
          autoComplete="current-password"
          required
          maxLength={200}
          error={errors.currentPassword}
        />
        <Field
          id="account-newPassword"
          name="newPassword"
          label={t("newPassword")}
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={200}
          error={errors.newPassword}
          hint={t("rules")}
        />
        <Field
          id="account-confirmPassword"
          name="confirmPassword"
          label={t("confirmPassword")}
          type="password"
          autoComplete="new-password"
          required
          maxLength={200}
          error={errors.confirmPassword}
        />
        <p className="muted small" id="change-password-effect">
          {t("changeEffect")}
        </p>
        <button type="submit" className="button" disabled={isBusy} aria-busy={isBusy} aria-describedby="change-password-effect">
          {isBusy ? t("changing") : t("changePasswordButton")}
        </button>
      </form>
    </section>
  );
}

/** "Sign out other sessions": every browser where this account is signed in, except this one. */
export function SignOutOthersForm() {
  const t = useTranslations("wallet.account");
  const [result, setResult] = useState<Result>();
  const [isBusy, setBusy] = useState(false);

  async function signOutOthers() {
    if (isBusy) return;
    setBusy(true);
    setResult(undefined);
    try {
      await apiFetch("/api/wallet/account/sessions/revoke-others", { method: "POST" });
      setResult({ kind: "success", text: t("othersSignedOut") });
    } catch (error) {
      setResult({ kind: "error", text: describeFailure(t, error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card stack" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" className="money-section-title">
        {t("sessionsHeading")}
      </h2>
      <p id="sessions-hint">{t("sessionsHint")}</p>
      {result ? <ResultMessage result={result} id="sessions-result" /> : null}
      <div className="actions">
        <button type="button" className="button button-secondary" onClick={() => void signOutOthers()} disabled={isBusy} aria-busy={isBusy} aria-describedby="sessions-hint">
          {isBusy ? t("signingOutOthers") : t("signOutOthers")}
        </button>
      </div>
    </section>
  );
}

function describeFailure(t: (key: string) => string, error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return t("errors.sessionEnded");
  if (error instanceof ApiError && error.code === "RATE_LIMITED") return t("errors.throttled");
  if (error instanceof ApiError && error.status === 0) return t("errors.network");
  return t("errors.generic");
}
