import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireSessionUser } from "@/lib/auth/current-user";
import { listMerchants } from "@/lib/merchants/list-merchants";
import { CreateMerchantForm } from "./create-merchant-form";
import { MerchantHeader } from "./merchant-header";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("merchantList");
  return { title: t("title") };
}
export const dynamic = "force-dynamic";

export default async function MerchantsPage() {
  const user = await requireSessionUser("/merchant");
  const [merchants, t] = await Promise.all([listMerchants(user.id), getTranslations("merchantList")]);
  return (
    <main className="page stack">
      <MerchantHeader />
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <section aria-labelledby="merchants-heading" className="stack">
        <h2 id="merchants-heading">{t("yours")}</h2>
        {merchants.length === 0 ? (
          <p className="muted">{t("none")}</p>
        ) : (
          <ul className="row-list card" aria-label={t("title")}>
            {merchants.map((m) => (
              <li key={m.id} className="merchant-list-item">
                <div>
                  <Link href={`/merchant/${m.id}`} className="merchant-list-name">
                    {m.name}
                  </Link>
                  <div className="muted small">@{m.handle}</div>
                </div>
                <Link className="button button-secondary" href={`/merchant/${m.id}/pos`} aria-label={t("posOf", { merchant: m.name })}>
                  {t("pos")}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="create-heading" className="stack section-gap">
        <h2 id="create-heading">{t("new")}</h2>
        <CreateMerchantForm />
      </section>
    </main>
  );
}
