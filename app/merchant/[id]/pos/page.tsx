import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireSessionUser } from "@/lib/auth/current-user";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getMerchantBalances } from "@/lib/merchants/get-merchant-balances";
import { currencyChoices } from "@/lib/merchants/currency-choices";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { PosClient } from "./pos-client";

export const metadata: Metadata = { title: "Point of sale" };
export const dynamic = "force-dynamic";

/** The point of sale in the owner's browser: ask for an amount, show the QR code, wait for the payment. */
export default async function PosPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireSessionUser(`/merchant/${encodeURIComponent(id)}/pos`);
  let merchant;
  try {
    merchant = await getOwnedMerchantOrThrow({ merchantId: id, ownerId: user.id });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const balances = await getMerchantBalances({ merchantId: merchant.id, ownerId: user.id });
  const { defaultCurrency, currencies } = currencyChoices(balances);
  return (
    <main className="page stack">
      <header className="topbar">
        <Link href={`/merchant/${merchant.id}`} className="brand">
          ← {merchant.name}
        </Link>
        <span className="muted small">@{merchant.handle}</span>
      </header>
      <h1>Point of sale</h1>
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
