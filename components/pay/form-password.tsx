"use client";

import { useTranslations } from "next-intl";
import { apiFetch } from "@/lib/api-client";

/** Refusals of a no-JavaScript Pay form after which the form shows its password field. */
export const PASSWORD_FORM_ERRORS: ReadonlySet<string> = new Set(["REAUTH_REQUIRED", "INVALID_CREDENTIALS", "RATE_LIMITED"]);

/**
 * The password inside a Pay form, for a payment above PAYMENT_REAUTH_ABOVE made before JavaScript has
 * loaded: shown outright after the server asked for it (`visible`), otherwise only to browsers without
 * JavaScript (with it, the page asks inline when the server refuses).
 */
export function FormPassword({ visible }: { visible: boolean }) {
  const t = useTranslations("pay.reauth");
  const field = (
    <div className="field">
      <label htmlFor="pay-password-form">{t("password")}</label>
      <input id="pay-password-form" name="password" type="password" autoComplete="current-password" aria-describedby="pay-password-form-hint" />
      <p id="pay-password-form-hint" className="muted small" style={{ margin: 0 }}>
        {t("hint")}
      </p>
    </div>
  );
  return visible ? field : <noscript>{field}</noscript>;
}

/** The password typed into a Pay form (after hydration, when the server had asked for it): proves it first. */
export async function confirmFormPassword(form: HTMLFormElement | null): Promise<void> {
  const password = form ? new FormData(form).get("password") : null;
  if (typeof password === "string" && password !== "") {
    await apiFetch("/api/wallet/reauth", { method: "POST", body: JSON.stringify({ password }) });
  }
}
