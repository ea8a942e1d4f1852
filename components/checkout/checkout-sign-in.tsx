"use client";

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
 * The forms stay disabled until hydrated: a submit before then would be a plain GET carrying the
 * password in the URL.
 */
export function CheckoutSignIn({ callbackUrl, purpose = "pay" }: { callbackUrl: string; purpose?: string }) {
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
      <h2 id="checkout-auth-heading">{mode === "signin" ? `Sign in to ${purpose}` : `Create an account to ${purpose}`}</h2>
      <noscript>
        <p className="alert alert-error">Signing in needs JavaScript. Turn it on to {purpose} here.</p>
      </noscript>
      <fieldset className="checkout-fieldset" disabled={!isHydrated}>
        <legend className="visually-hidden">{mode === "signin" ? "Sign in" : "Create an account"}</legend>
        {mode === "signin" ? (
          <LoginForm callbackUrl={callbackUrl} idPrefix="checkout-login" />
        ) : (
          <SignupForm callbackUrl={callbackUrl} idPrefix="checkout-signup" />
        )}
      </fieldset>
      <p className="checkout-switch">
        {mode === "signin" ? (
          <>
            New here?{" "}
            <button type="button" className="link-button" onClick={() => switchTo("signup")} disabled={!isHydrated}>
              Create an account
            </button>
          </>
        ) : (
          <>
            Already have an account?{" "}
            <button type="button" className="link-button" onClick={() => switchTo("signin")} disabled={!isHydrated}>
              Sign in instead
            </button>
          </>
        )}
      </p>
    </section>
  );
}
