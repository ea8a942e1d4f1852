import Link from "next/link";

/** The same page for unknown, malformed and foreign ids: it tells nobody which ids exist. */
export default function CheckoutNotFound() {
  return (
    <main className="checkout checkout-narrow">
      <div className="card stack checkout-panel">
        <h1>Checkout not found</h1>
        <p className="muted">This checkout link is not valid. Go back to the shop you came from and start the payment again.</p>
        <Link href="/" className="button button-secondary">
          Opencharge Wallet home
        </Link>
      </div>
    </main>
  );
}
