"use client";

import { signOut } from "next-auth/react";
import Link from "next/link";
import { CheckoutSignIn } from "@/components/checkout/checkout-sign-in";
import { SendMoneyForm, type Balance, type Recipient } from "@/components/wallet/send-money-form";

export type PayingViewer = { handle: string; balances: Balance[] };

export function UserPaymentClient({ recipient, viewer }: { recipient: Recipient; viewer: PayingViewer | null }) {
  const callbackUrl = `/u/${recipient.handle}`;
  const isOwn = viewer?.handle === recipient.handle;
  return (
    <div className="stack">
      <section className="card checkout-panel money-recipient" aria-labelledby="recipient-heading">
        <h1 id="recipient-heading">
          <span className="muted small" style={{ display: "block", fontWeight: 400 }}>
            Send money to
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
            <h2 id="own-code-heading">This is your own code</h2>
            <p>Show it to someone who wants to pay you: their phone opens this page and they send money to you from it.</p>
            <Link className="button button-secondary button-block" href="/wallet/receive">
              Show my QR code
            </Link>
          </section>
        ) : (
          <div className="stack">
            <div className="checkout-account">
              <span className="small muted">
                Sending as <strong className="checkout-email">@{viewer.handle}</strong>
              </span>
              <button type="button" className="link-button small" onClick={() => void signOut({ callbackUrl })}>
                Not you? Sign out
              </button>
            </div>
            <SendMoneyForm balances={viewer.balances} recipient={recipient} isFramed={false} />
          </div>
        )}
      </div>
    </div>
  );
}
