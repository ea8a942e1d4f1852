import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
// The pay page is the hosted checkout's sibling for merchant-presented requests: same layout and parts.
import "../checkout/checkout.css";
import "@/components/pay/pay.css";

// A request's URL is a capability (its id is unguessable): never indexed, never followed.
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("payRequest");
  return { title: t("layoutTitle"), robots: { index: false, follow: false, nocache: true } };
}

export default function PayLayout({ children }: { children: React.ReactNode }) {
  return children;
}
