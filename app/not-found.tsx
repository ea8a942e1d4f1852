import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import "./merchant/merchant.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("notFound");
  return { title: t("title"), robots: { index: false } };
}

/** Any address with nothing at it, and every notFound() without a not-found page of its own. */
export default async function NotFound() {
  const t = await getTranslations("notFound");
  return (
    <main className="page-narrow stack">
      <p className="not-found-code" aria-hidden="true">
        404
      </p>
      <h1>{t("title")}</h1>
      <p className="muted">{t("body")}</p>
      <div className="actions not-found-actions">
        <Link href="/wallet" className="button">
          {t("wallet")}
        </Link>
        <Link href="/" className="button button-secondary">
          {t("home")}
        </Link>
      </div>
    </main>
  );
}
