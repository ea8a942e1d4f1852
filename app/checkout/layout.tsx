import type { Metadata } from "next";
import "./checkout.css";

// Checkout pages are per-customer capabilities: never indexed, never followed.
export const metadata: Metadata = {
  title: "Checkout",
  robots: { index: false, follow: false, nocache: true },
};

export default function CheckoutLayout({ children }: { children: React.ReactNode }) {
  return children;
}
