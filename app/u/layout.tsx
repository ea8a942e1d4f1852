import type { Metadata } from "next";
// Opened from a personal QR code by any phone camera: the pay pages' layout and parts.
import "../checkout/checkout.css";
import "../wallet/money.css";

// A personal payment link is for the people it is shown to: never indexed, never followed.
export const metadata: Metadata = {
  robots: { index: false, follow: false, nocache: true },
};

export default function UserPaymentLayout({ children }: { children: React.ReactNode }) {
  return children;
}
