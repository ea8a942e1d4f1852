import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getMerchantBalances } from "@/lib/merchants/get-merchant-balances";
import { currencyChoices } from "@/lib/merchants/currency-choices";
import { listSpots } from "@/lib/spots/list-spots";
import "@/components/spots/spots.css";
import { MerchantHeader } from "../../merchant-header";
import { findOwnedMerchant, requireOwnedMerchant } from "../../owned-merchant";
import { TablesClient } from "./tables-client";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [{ id }, t] = await Promise.all([params, getTranslations("merchantTables")]);
  const owned = await findOwnedMerchant(id);
  return { title: owned ? t("pageTitle", { merchant: owned.merchant.name }) : t("heading") };
}
export const dynamic = "force-dynamic";

/** The till's Tables view: the merchant's spots live, waiting first; send orders, capture or release them, close tables. */
export default async function TablesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { userId, merchant } = await requireOwnedMerchant(id, `/merchant/${encodeURIComponent(id)}/tables`);
  const [balances, spots, t] = await Promise.all([
    getMerchantBalances({ merchantId: merchant.id, ownerId: userId }),
    listSpots({ merchantId: merchant.id }),
    getTranslations("merchantTables"),
  ]);
  const { defaultCurrency, currencies } = currencyChoices(balances);
  return (
    <main className="page page-wide stack">
      <MerchantHeader back={{ href: `/merchant/${merchant.id}`, label: merchant.name }} links={[{ href: `/merchant/${merchant.id}/pos`, label: t("pos") }]} />
      <h1>{t("heading")}</h1>
      <TablesClient merchantId={merchant.id} initialSpots={spots.spots} defaultCurrency={defaultCurrency} currencies={currencies} />
    </main>
  );
}
