"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";

/**
 * Email + password, signed in without leaving the order. Works before JavaScript: the form posts to
 * /pay/sign-in (same-origin only), which signs in through next-auth's credentials callback and answers 303
 * back to `callbackUrl`. Once hydrated, the same form signs in in place and re-renders the order.
 */
export function InlineSignInForm({ callbackUrl, idPrefix, initialError }: { callbackUrl: string; idPrefix: string; initialError?: "credentials" | "throttled" }) {
  const t = useTranslations("pay.signIn");
  const [error, setError] = useState<"credentials" | "throttled" | "network" | undefined>(initialError);
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
        setError(result?.error === "TOO_MANY_ATTEMPTS" ? "throttled" : "credentials");
        setPending(false);
        return;
      }
      // A full load of the order: the page and everything on it start again as the signed-in payer.
      window.location.assign(callbackUrl);
    } catch {
      setError("network");
      setPending(false);
    }
  }

  return (
    <form className="stack" method="post" action="/pay/sign-in" onSubmit={(event) => void onSubmit(event)} noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {error ? <Alert>{error === "throttled" ? t("throttled") : error === "network" ? t("network") : t("invalid")}</Alert> : null}
      <Field id={`${idPrefix}-email`} name="email" label={t("email")} type="email" autoComplete="email" required />
      <Field id={`${idPrefix}-password`} name="password" label={t("password")} type="password" autoComplete="current-password" required />
      <button className="button button-block" type="submit" disabled={isPending} aria-busy={isPending}>
        {isPending ? t("signingIn") : t("submit")}
      </button>
    </form>
  );
}
