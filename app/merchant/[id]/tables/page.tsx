import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireSessionUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { getMerchantBalances } from "@/lib/merchants/get-merchant-balances";
import { currencyChoices } from "@/lib/merchants/currency-choices";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { listSpots } from "@/lib/spots/list-spots";
import "@/components/spots/spots.css";
import { TablesClient } from "./tables-client";

export const metadata: Metadata = { title: "Tables" };
export const dynamic = "force-dynamic";

/** The till's Tables view: the merchant's spots live, waiting first; send orders, capture or release them, close tables. */
export default async function TablesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireSessionUser(`/merchant/${encodeURIComponent(id)}/tables`);
  let merchant;
  try {
    merchant = await getOwnedMerchantOrThrow({ merchantId: id, ownerId: user.id });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const [balances, spots] = await Promise.all([getMerchantBalances({ merchantId: merchant.id, ownerId: user.id }), listSpots({ merchantId: merchant.id })]);
  const { defaultCurrency, currencies } = currencyChoices(balances);
  return (
    <main className="page page-wide stack">
      <header className="topbar">
        <Link href={`/merchant/${merchant.id}`} className="brand">
          ← {merchant.name}
        </Link>
        <Link href={`/merchant/${merchant.id}/pos`}>Point of sale</Link>
      </header>
      <h1>Tables</h1>
      <TablesClient
        merchantId={merchant.id}
        initialSpots={spots.spots}
        defaultCurrency={defaultCurrency}
        currencies={currencies}
      />
    </main>
  );
}
