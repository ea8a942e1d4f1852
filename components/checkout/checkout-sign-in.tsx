"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { LoginForm } from "@/components/auth/login-form";
import { SignupForm } from "@/components/auth/signup-form";

const subscribeNever = () => () => {};

/** False during server rendering and hydration, true once React owns the page. */
function useIsHydrated(): boolean {
  return useSyncExternalStore(subscribeNever, () => true, () => false);
}

/**
 * Sign in or create an account without leaving the checkout (or the pay or spot page); both forms come
 * back to `callbackUrl`. `purpose` completes the heading: "Sign in to pay", "Sign in to check in".
 * Signing in works before JavaScript (a form that posts); creating an account waits for it.
 */
export function CheckoutSignIn({
  callbackUrl,
  purpose = "pay",
  signInError,
}: {
  callbackUrl: string;
  purpose?: "pay" | "checkIn" | "continue";
  signInError?: "credentials" | "throttled";
}) {
  const t = useTranslations("pay.signIn");
  const [mode, setMode] = useState<"signin" | "signup">("signin");
  const isHydrated = useIsHydrated();
  const hasSwitched = useRef(false);

  useEffect(() => {
    // Move focus into the form the customer asked for (not on first render).
    if (!hasSwitched.current) return;
    document.getElementById(mode === "signin" ? "checkout-login-email" : "checkout-signup-email")?.focus();
  }, [mode]);

  function switchTo(next: "signin" | "signup") {
    hasSwitched.current = true;
    setMode(next);
  }

  return (
    <section className="stack checkout-auth" aria-labelledby="checkout-auth-heading">
      <h2 id="checkout-auth-heading">{mode === "signin" ? t(`heading.${purpose}`) : t(`signupHeading.${purpose}`)}</h2>
      {mode === "signin" ? (
        <LoginForm
          callbackUrl={callbackUrl}
          idPrefix="checkout-login"
          initialError={signInError === "credentials" ? "failed" : signInError}
          reloadOnSignIn
        />
      ) : (
        <fieldset className="checkout-fieldset" disabled={!isHydrated}>
          <legend className="visually-hidden">{t("createAccount")}</legend>
          <SignupForm callbackUrl={callbackUrl} idPrefix="checkout-signup" />
        </fieldset>
      )}
      {/* Creating an account needs JavaScript; before it has loaded the switch is not offered. */}
      {isHydrated ? (
        <p className="checkout-switch">
          {mode === "signin" ? (
            <>
              {t("newHere")}{" "}
              <button type="button" className="link-button" onClick={() => switchTo("signup")}>
                {t("createAccount")}
              </button>
            </>
          ) : (
            <>
              {t("haveAccount")}{" "}
              <button type="button" className="link-button" onClick={() => switchTo("signin")}>
                {t("signInInstead")}
              </button>
            </>
          )}
        </p>
      ) : null}
    </section>
  );
}
