import { notFound } from "next/navigation";
import { getSessionUser } from "@/lib/auth/current-user";
import { getCheckoutView } from "@/lib/checkout/get-checkout-view";
import { CheckoutClient } from "./checkout-client";

export const dynamic = "force-dynamic";

/**
 * The hosted checkout page at checkout_url. Rendered in full on the server (readable without
 * JavaScript); the client part polls the session so another tab's payment or the deadline shows at once.
 */
export default async function CheckoutPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await getSessionUser();
  const view = await getCheckoutView({ sessionId: id, viewerUserId: user?.id });
  if (!view) notFound();
  return (
    <main className="checkout">
      <header className="checkout-header">
        <span className="checkout-brand">Opencharge Wallet</span>
        <span className="checkout-secure">
          <svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" fill="currentColor">
            <path d="M8 1a3.5 3.5 0 0 0-3.5 3.5V6H4a1.5 1.5 0 0 0-1.5 1.5v6A1.5 1.5 0 0 0 4 15h8a1.5 1.5 0 0 0 1.5-1.5v-6A1.5 1.5 0 0 0 12 6h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 5H6V4.5a2 2 0 1 1 4 0V6Z" />
          </svg>
          Secure checkout
        </span>
      </header>
      <CheckoutClient initialView={view} viewerEmail={user?.email ?? null} />
    </main>
  );
}
