"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";

type FieldErrors = { email?: string; password?: string; name?: string; handle?: string };

/** Creates an account, signs in and continues to `callbackUrl`; used by /signup and the hosted checkout. */
export function SignupForm({ callbackUrl, idPrefix = "signup" }: { callbackUrl: string; idPrefix?: string }) {
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
          | { error?: { code?: string; message?: string; details?: { field?: string } } }
          | null;
        const message = body?.error?.message ?? "Could not create the account. Please try again.";
        const field = body?.error?.details?.field;
        if (field === "email" || field === "password" || field === "name" || field === "handle") setFieldErrors({ [field]: message });
        else setError(message);
        return;
      }
      const result = await signIn("credentials", { email, password, redirect: false });
      if (!result || result.error) {
        setError("Your account was created, but signing in failed. Please sign in.");
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    // method="post": a submit before hydration must never put the password in the URL.
    <form className="stack" method="post" onSubmit={onSubmit} noValidate>
      {error ? <Alert>{error}</Alert> : null}
      <Field id={`${idPrefix}-name`} name="name" label="Name (optional)" autoComplete="name" error={fieldErrors.name} />
      <Field
        id={`${idPrefix}-email`}
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        error={fieldErrors.email}
      />
      <Field
        id={`${idPrefix}-handle`}
        name="handle"
        label="Handle"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={31}
        aria-describedby={fieldErrors.handle ? `${idPrefix}-handle-error` : `${idPrefix}-handle-hint`}
        error={fieldErrors.handle}
      />
      <p id={`${idPrefix}-handle-hint`} className="muted small">
        Optional: how people find you, such as @ada (3–30 letters, digits or _). Left blank, one is made from your email.
      </p>
      <Field
        id={`${idPrefix}-password`}
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        error={fieldErrors.password}
      />
      <p className="muted small">At least 10 characters.</p>
      <button className="button button-block" type="submit" disabled={isPending}>
        {isPending ? "Creating account…" : "Create account"}
      </button>
    </form>
  );
}
