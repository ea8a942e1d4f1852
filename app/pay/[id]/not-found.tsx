import Link from "next/link";
import { useTranslations } from "next-intl";
import { PayHeader } from "../pay-header";

/** The same page for unknown, malformed and foreign ids: it tells nobody which requests exist. */
export default function PaymentRequestNotFound() {
  const t = useTranslations("payRequest");
  return (
    <main className="checkout checkout-narrow">
      <PayHeader />
      <div className="card stack checkout-panel">
        <h1>{t("notFoundTitle")}</h1>
        <p className="muted">{t("notFoundText")}</p>
        <Link href="/pay" className="button button-secondary">
          {t("enterACode")}
        </Link>
      </div>
    </main>
  );
}
