"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";

type FieldErrors = { email?: string; password?: string; name?: string; handle?: string };

/** Creates an account, signs in and continues to `callbackUrl`; used by /signup and the hosted checkout. */
export function SignupForm({ callbackUrl, idPrefix = "signup" }: { callbackUrl: string; idPrefix?: string }) {
  const t = useTranslations("auth.form");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [isPending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    const name = String(form.get("name") ?? "");
    const handle = String(form.get("handle") ?? "").trim();
    setPending(true);
    setError(undefined);
    setFieldErrors({});
    try {
      const response = await fetch("/api/signup", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password, ...(name ? { name } : {}), ...(handle ? { handle } : {}) }),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as
          | { error?: { code?: string; message?: string; details?: { field?: string; handle?: string } } }
          | null;
        const code = body?.error?.code;
        const field = body?.error?.details?.field;
        // Said in the reader's language from the code and field; the server's English message is for the API.
        if (code === "EMAIL_TAKEN") setFieldErrors({ email: t("errors.emailTaken") });
        else if (code === "HANDLE_TAKEN") setFieldErrors({ handle: t("errors.handleTaken", { handle: body?.error?.details?.handle ?? handle.replace(/^@/, "") }) });
        else if (field === "email") setFieldErrors({ email: t("errors.emailInvalid") });
        else if (field === "password") setFieldErrors({ password: password.length < 10 ? t("errors.passwordShort") : t("errors.passwordWeak") });
        else if (field === "handle") setFieldErrors({ handle: t("errors.handleInvalid") });
        else if (field === "name") setFieldErrors({ name: t("errors.nameInvalid") });
        else setError(response.status === 429 ? t("errors.tooMany") : t("errors.createFailed"));
        return;
      }
      const result = await signIn("credentials", { email, password, redirect: false });
      if (!result || result.error) {
        setError(t("errors.createdNotSignedIn"));
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setError(t("network"));
    } finally {
      setPending(false);
    }
  }

  return (
    // method="post": a submit before hydration must never put the password in the URL.
    <form className="stack" method="post" onSubmit={onSubmit} noValidate>
      {error ? <Alert>{error}</Alert> : null}
      <Field id={`${idPrefix}-name`} name="name" label={t("nameOptional")} autoComplete="name" error={fieldErrors.name} />
      <Field
        id={`${idPrefix}-email`}
        name="email"
        label={t("email")}
        type="email"
        autoComplete="email"
        required
        error={fieldErrors.email}
      />
      <Field
        id={`${idPrefix}-handle`}
        name="handle"
        label={t("handle")}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={31}
        aria-describedby={`${idPrefix}-handle-hint`}
        error={fieldErrors.handle}
      />
      <p id={`${idPrefix}-handle-hint`} className="muted small">
        {t("handleHint")}
      </p>
      <Field
        id={`${idPrefix}-password`}
        name="password"
        label={t("password")}
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        aria-describedby={`${idPrefix}-password-hint`}
        error={fieldErrors.password}
      />
      <p id={`${idPrefix}-password-hint`} className="muted small">
        {t("passwordHint")}
      </p>
      <button className="button button-block" type="submit" disabled={isPending}>
        {isPending ? t("creatingAccount") : t("createAccount")}
      </button>
    </form>
  );
}
