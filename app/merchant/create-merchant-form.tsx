"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { apiFetch, ApiError } from "@/lib/api-client";
import type { MerchantView } from "@/lib/merchants/merchant-view";
import { useApiErrorText } from "./use-merchant-text";

/** Name and handle of a new merchant; on success its dashboard opens. */
export function CreateMerchantForm() {
  const t = useTranslations("merchantCreate");
  const errorText = useApiErrorText();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<{ name?: string; handle?: string }>({});
  const [isBusy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "");
    const handle = String(form.get("handle") ?? "").trim();
    if (!name.trim()) {
      setFieldErrors({ name: t("nameMissing") });
      document.getElementById("merchant-name")?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    setFieldErrors({});
    try {
      const merchant = await apiFetch<MerchantView>("/api/merchants", { method: "POST", body: JSON.stringify({ name, ...(handle ? { handle } : {}) }) });
      router.push(`/merchant/${merchant.id}`);
      return;
    } catch (failure) {
      const field = failure instanceof ApiError ? failure.details?.field : undefined;
      if (failure instanceof ApiError && failure.code === "HANDLE_TAKEN") {
        setFieldErrors({ handle: t("handleTaken", { handle: handle.replace(/^@/, "") }) });
        document.getElementById("merchant-handle")?.focus();
      } else if (field === "name" || field === "handle") {
        setFieldErrors(field === "name" ? { name: t("nameInvalid") } : { handle: t("handleInvalid") });
        document.getElementById(`merchant-${field}`)?.focus();
      } else setError(errorText(failure, t("failed")));
    }
    setBusy(false);
  }

  return (
    <form className="card stack" method="post" onSubmit={(e) => void onSubmit(e)} noValidate>
      {error ? <Alert>{error}</Alert> : null}
      <Field id="merchant-name" name="name" label={t("name")} required maxLength={100} autoComplete="organization" error={fieldErrors.name} />
      <div className="field">
        <label htmlFor="merchant-handle">{t("handle")}</label>
        <input
          id="merchant-handle"
          name="handle"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={31}
          aria-invalid={fieldErrors.handle ? true : undefined}
          aria-describedby={fieldErrors.handle ? "merchant-handle-error merchant-handle-hint" : "merchant-handle-hint"}
        />
        {fieldErrors.handle ? (
          <p id="merchant-handle-error" className="field-error">
            {fieldErrors.handle}
          </p>
        ) : null}
        <p id="merchant-handle-hint" className="muted small field-hint">
          {t("handleHint")}
        </p>
      </div>
      <button className="button" type="submit" disabled={isBusy} aria-busy={isBusy}>
        {isBusy ? t("creating") : t("submit")}
      </button>
    </form>
  );
}
