"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";

/** Email + password sign-in: /login, and inline on the pay, checkout and spot pages (reloadOnSignIn). */
export function LoginForm({
  callbackUrl,
  idPrefix = "login",
  failureUrl,
  initialError,
  reloadOnSignIn = false,
}: {
  callbackUrl: string;
  idPrefix?: string;
  /** Before JavaScript the form posts to /pay/sign-in (lib/auth/form-sign-in.ts), which comes back here when refused. */
  failureUrl?: string;
  /** What that refusal was (?signin=failed|throttled on this page). */
  initialError?: "failed" | "throttled";
  /**
   * After signing in, load `callbackUrl` afresh (the pay pages: the order and everything on it start again
   * as the signed-in payer) rather than navigate within the app.
   */
  reloadOnSignIn?: boolean;
}) {
  const t = useTranslations("auth.form");
  const router = useRouter();
  const [error, setError] = useState<string | undefined>(() =>
    initialError === "throttled" ? t("tooManyAttempts") : initialError === "failed" ? t("invalidCredentials") : undefined,
  );
  const [isPending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    try {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!result || result.error) {
        setError(
          result?.error === "TOO_MANY_ATTEMPTS" ? t("tooManyAttempts") : t("invalidCredentials"),
        );
        return;
      }
      if (reloadOnSignIn) {
        window.location.assign(callbackUrl);
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
    // Before hydration the form posts to /pay/sign-in, which signs in with next-auth and goes on to callbackUrl
    // (method="post": the password never goes into a URL). After hydration onSubmit signs in without a reload.
    <form className="stack" method="post" action="/pay/sign-in" onSubmit={onSubmit} noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {failureUrl ? <input type="hidden" name="failureUrl" value={failureUrl} /> : null}
      {error ? <Alert>{error}</Alert> : null}
      <Field id={`${idPrefix}-email`} name="email" label={t("email")} type="email" autoComplete="email" required />
      <Field id={`${idPrefix}-password`} name="password" label={t("password")} type="password" autoComplete="current-password" required />
      <button className="button button-block" type="submit" disabled={isPending} aria-busy={isPending}>
        {isPending ? t("signingIn") : t("signIn")}
      </button>
    </form>
  );
}
