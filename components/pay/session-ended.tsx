"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { CheckoutSignIn } from "@/components/checkout/checkout-sign-in";

/**
 * The browser's session ended while the payer was on an order (signed out in another tab, expired):
 * said plainly, with the sign-in right here, which comes back to the same order.
 */
export function SessionEnded({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("pay");
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="stack session-ended">
      <p className="alert alert-error" role="alert" tabIndex={-1} ref={ref} data-testid="session-ended">
        {t("sessionEnded")}
      </p>
      <CheckoutSignIn callbackUrl={callbackUrl} purpose="continue" />
    </div>
  );
}
