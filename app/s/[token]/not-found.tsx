import Link from "next/link";
import { PayHeader } from "@/app/pay/pay-header";

/** The same page for unknown and malformed tokens: it tells nobody which spots exist. */
export default function SpotNotFound() {
  return (
    <main className="checkout checkout-narrow">
      <PayHeader />
      <div className="card stack checkout-panel">
        <h1>Spot not found</h1>
        <p className="muted">This code does not belong to any table or spot. Ask the staff for help, or scan the code again.</p>
        <Link href="/wallet/scan" className="button button-secondary">
          Scan a code
        </Link>
      </div>
    </main>
  );
}
