import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getMerchantBalances } from "@/lib/merchants/get-merchant-balances";
import { listMerchantApiKeys } from "@/lib/merchants/list-merchant-api-keys";
import { listMerchantDeliveries } from "@/lib/merchants/list-merchant-deliveries";
import { listPaymentRequests } from "@/lib/payment-requests/list-payment-requests";
import { listLocations } from "@/lib/spots/list-locations";
import { listSpots } from "@/lib/spots/list-spots";
import "@/components/spots/spots.css";
import { MerchantHeader } from "../merchant-header";
import { findOwnedMerchant, requireOwnedMerchant } from "../owned-merchant";
import { MerchantDashboard } from "./merchant-dashboard";
import { PlacesSection } from "./places-section";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [{ id }, t] = await Promise.all([params, getTranslations("merchantDashboard")]);
  const owned = await findOwnedMerchant(id);
  return { title: owned ? t("pageTitle", { merchant: owned.merchant.name }) : t("pageTitleGeneric") };
}
export const dynamic = "force-dynamic";

/** A merchant's dashboard, for its owner only: anyone else (and an unknown id) gets the 404 page. */
export default async function MerchantPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { userId, merchant } = await requireOwnedMerchant(id, `/merchant/${encodeURIComponent(id)}`);
  const scope = { merchantId: merchant.id, ownerId: userId };
  const [balances, requests, keys, deliveries, locations, spots, t, header] = await Promise.all([
    getMerchantBalances(scope),
    listPaymentRequests({ merchantId: merchant.id, limit: 20 }),
    listMerchantApiKeys(scope),
    listMerchantDeliveries(scope),
    listLocations({ merchantId: merchant.id }),
    listSpots({ merchantId: merchant.id }),
    getTranslations("merchantDashboard"),
    getTranslations("merchantHeader"),
  ]);
  return (
    <main className="page stack">
      <MerchantHeader links={[{ href: "/merchant", label: header("yourMerchants") }]} />
      <div className="merchant-title">
        <div>
          <h1>{merchant.name}</h1>
          <div className="muted">@{merchant.handle}</div>
        </div>
        <div className="actions">
          <Link className="button" href={`/merchant/${merchant.id}/pos`}>
            {t("openPos")}
          </Link>
          <Link className="button button-secondary" href={`/merchant/${merchant.id}/tables`}>
            {t("tables")}
          </Link>
        </div>
      </div>
      <MerchantDashboard merchantId={merchant.id} initial={{ balances, requests: requests.requests, keys, deliveries }} />
      <PlacesSection merchantId={merchant.id} initial={{ locations: locations.locations, spots: spots.spots }} />
    </main>
  );
}
