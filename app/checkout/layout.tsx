import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import "./checkout.css";
import "@/components/pay/pay.css";

// Checkout pages are per-customer capabilities: never indexed, never followed.
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("payCheckout");
  return { title: t("layoutTitle"), robots: { index: false, follow: false, nocache: true } };
}

export default function CheckoutLayout({ children }: { children: React.ReactNode }) {
  return children;
}
