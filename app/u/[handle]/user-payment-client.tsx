"use client";

import { signOut } from "next-auth/react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { CheckoutSignIn } from "@/components/checkout/checkout-sign-in";
import { SendMoneyForm, type Balance, type Recipient } from "@/components/wallet/send-money-form";

export type PayingViewer = { handle: string; balances: Balance[] };

export function UserPaymentClient({ recipient, viewer }: { recipient: Recipient; viewer: PayingViewer | null }) {
  const t = useTranslations("wallet.userPay");
  const callbackUrl = `/u/${recipient.handle}`;
  const isOwn = viewer?.handle === recipient.handle;
  return (
    <div className="stack">
      <section className="card checkout-panel money-recipient" aria-labelledby="recipient-heading">
        <h1 id="recipient-heading">
          <span className="muted small" style={{ display: "block", fontWeight: 400 }}>
            {t("heading")}
          </span>
          <span className="money-handle">@{recipient.handle}</span>
        </h1>
        {recipient.name ? <p className="money-link">{recipient.name}</p> : null}
      </section>
      <div className="card checkout-panel checkout-side">
        {viewer === null ? (
          <CheckoutSignIn callbackUrl={callbackUrl} />
        ) : isOwn ? (
          <section className="stack" aria-labelledby="own-code-heading">
            <h2 id="own-code-heading">{t("ownCodeHeading")}</h2>
            <p>{t("ownCodeText")}</p>
            <Link className="button button-secondary button-block" href="/wallet/receive">
              {t("showQr")}
            </Link>
          </section>
        ) : (
          <div className="stack">
            <div className="checkout-account">
              <span className="small muted">
                {t.rich("sendingAs", { handle: `@${viewer.handle}`, strong: (chunks) => <strong className="checkout-email">{chunks}</strong> })}
              </span>
              <button type="button" className="link-button small" onClick={() => void signOut({ callbackUrl })}>
                {t("notYou")}
              </button>
            </div>
            <SendMoneyForm balances={viewer.balances} recipient={recipient} isFramed={false} hasBackLink />
          </div>
        )}
      </div>
    </div>
  );
}
