"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { apiFetch, ApiError } from "@/lib/api-client";
import type { MerchantView } from "@/lib/merchants/merchant-view";

/** Name and handle of a new merchant; on success its dashboard opens. */
export function CreateMerchantForm() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<{ name?: string; handle?: string }>({});
  const [isBusy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "");
    const handle = String(form.get("handle") ?? "").trim();
    setBusy(true);
    setError(undefined);
    setFieldErrors({});
    try {
      const merchant = await apiFetch<MerchantView>("/api/merchants", { method: "POST", body: JSON.stringify({ name, ...(handle ? { handle } : {}) }) });
      router.push(`/merchant/${merchant.id}`);
      return;
    } catch (failure) {
      const message = failure instanceof ApiError ? failure.message : "Could not create the merchant.";
      const field = failure instanceof ApiError ? failure.details?.field : undefined;
      if (field === "name" || field === "handle") {
        setFieldErrors({ [field]: message });
        document.getElementById(`merchant-${field}`)?.focus();
      } else setError(message);
    }
    setBusy(false);
  }

  return (
    <form className="card stack" method="post" onSubmit={(e) => void onSubmit(e)} noValidate>
      {error ? <Alert>{error}</Alert> : null}
      <Field id="merchant-name" name="name" label="Name" required maxLength={100} autoComplete="organization" error={fieldErrors.name} />
      <Field
        id="merchant-handle"
        name="handle"
        label="Handle"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={31}
        aria-describedby={fieldErrors.handle ? "merchant-handle-error" : "merchant-handle-hint"}
        error={fieldErrors.handle}
      />
      <p id="merchant-handle-hint" className="muted small field-hint">
        Optional: how customers see the merchant, such as @corner_cafe (3–30 letters, digits or _). Left blank, one is made from the name.
      </p>
      <button className="button" type="submit" disabled={isBusy}>
        {isBusy ? "Creating…" : "Create merchant"}
      </button>
    </form>
  );
}
