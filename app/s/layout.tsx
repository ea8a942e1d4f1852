import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
// The spot page is opened from a printed QR code like the pay page: same layout and parts.
import "../checkout/checkout.css";
import "@/components/pay/pay.css";
import "@/components/spots/spots.css";

// A spot's URL is a capability (its token is unguessable): never indexed, never followed.
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("paySpot");
  return { title: t("layoutTitle"), robots: { index: false, follow: false, nocache: true } };
}

export default function SpotLayout({ children }: { children: React.ReactNode }) {
  return children;
}
