import Link from "next/link";
import { useTranslations } from "next-intl";
import { PayHeader } from "@/app/pay/pay-header";

/** The same page for unknown and malformed tokens: it tells nobody which spots exist. */
export default function SpotNotFound() {
  const t = useTranslations("paySpot");
  return (
    <main className="checkout checkout-narrow">
      <PayHeader />
      <div className="card stack checkout-panel">
        <h1>{t("notFoundTitle")}</h1>
        <p className="muted">{t("notFoundText")}</p>
        <Link href="/wallet/scan" className="button button-secondary">
          {t("scanACode")}
        </Link>
      </div>
    </main>
  );
}
