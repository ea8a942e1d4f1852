import type { Metadata } from "next";
// The pay page is the hosted checkout's sibling for merchant-presented requests: same layout and parts.
import "../checkout/checkout.css";

// A request's URL is a capability (its id is unguessable): never indexed, never followed.
export const metadata: Metadata = {
  title: "Pay",
  robots: { index: false, follow: false, nocache: true },
};

export default function PayLayout({ children }: { children: React.ReactNode }) {
  return children;
}
