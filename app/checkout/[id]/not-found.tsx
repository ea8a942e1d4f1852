import Link from "next/link";
import { useTranslations } from "next-intl";

// The page's generateMetadata names the tab "Checkout not found" for an unknown id.

/** The same page for unknown, malformed and foreign ids: it tells nobody which ids exist. */
export default function CheckoutNotFound() {
  const t = useTranslations("payCheckout");
  return (
    <main className="checkout checkout-narrow">
      <div className="card stack checkout-panel">
        <h1>{t("notFoundTitle")}</h1>
        <p className="muted">{t("notFoundText")}</p>
        <Link href="/" className="button button-secondary">
          {t("home")}
        </Link>
      </div>
    </main>
  );
}
