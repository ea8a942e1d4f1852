import Link from "next/link";
import { PayHeader } from "../pay-header";

/** The same page for unknown, malformed and foreign ids: it tells nobody which requests exist. */
export default function PaymentRequestNotFound() {
  return (
    <main className="checkout checkout-narrow">
      <PayHeader />
      <div className="card stack checkout-panel">
        <h1>Payment request not found</h1>
        <p className="muted">This payment link is not valid. Ask the merchant for a new code, or type the code you were shown.</p>
        <Link href="/pay" className="button button-secondary">
          Enter a code
        </Link>
      </div>
    </main>
  );
}
