import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getEnv } from "@/lib/env";
import { getMerchantBalances } from "@/lib/merchants/get-merchant-balances";
import { currencyChoices } from "@/lib/merchants/currency-choices";
import { MerchantHeader } from "../../merchant-header";
import { findOwnedMerchant, requireOwnedMerchant } from "../../owned-merchant";
import { PosClient } from "./pos-client";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [{ id }, t] = await Promise.all([params, getTranslations("merchantPos")]);
  const owned = await findOwnedMerchant(id);
  return { title: owned ? t("pageTitle", { merchant: owned.merchant.name }) : t("heading") };
}
export const dynamic = "force-dynamic";

/** The point of sale in the owner's browser: ask for an amount, show the QR code, wait for the payment. */
export default async function PosPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { userId, merchant } = await requireOwnedMerchant(id, `/merchant/${encodeURIComponent(id)}/pos`);
  const [balances, t] = await Promise.all([getMerchantBalances({ merchantId: merchant.id, ownerId: userId }), getTranslations("merchantPos")]);
  const { defaultCurrency, currencies } = currencyChoices(balances);
  return (
    <main className="page stack">
      <MerchantHeader back={{ href: `/merchant/${merchant.id}`, label: merchant.name }} links={[{ href: `/merchant/${merchant.id}/tables`, label: t("tables") }]} />
      <div>
        <h1 style={{ marginBottom: 0 }}>{t("heading")}</h1>
        <div className="muted small">@{merchant.handle}</div>
      </div>
      <PosClient
        merchantId={merchant.id}
        merchantName={merchant.name}
        defaultCurrency={defaultCurrency}
        currencies={currencies}
        defaultExpirySeconds={getEnv().PAYMENT_REQUEST_TTL_SECONDS}
      />
    </main>
  );
}
