import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireSessionUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { getMerchantBalances } from "@/lib/merchants/get-merchant-balances";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { listMerchantApiKeys } from "@/lib/merchants/list-merchant-api-keys";
import { listMerchantDeliveries } from "@/lib/merchants/list-merchant-deliveries";
import { listPaymentRequests } from "@/lib/payment-requests/list-payment-requests";
import { listLocations } from "@/lib/spots/list-locations";
import { listSpots } from "@/lib/spots/list-spots";
import "@/components/spots/spots.css";
import { MerchantHeader } from "../merchant-header";
import { MerchantDashboard } from "./merchant-dashboard";
import { PlacesSection } from "./places-section";

export const metadata: Metadata = { title: "Merchant" };
export const dynamic = "force-dynamic";

/** A merchant's dashboard, for its owner only: anyone else (and an unknown id) gets the 404 page. */
export default async function MerchantPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireSessionUser(`/merchant/${encodeURIComponent(id)}`);
  let merchant;
  try {
    merchant = await getOwnedMerchantOrThrow({ merchantId: id, ownerId: user.id });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const scope = { merchantId: merchant.id, ownerId: user.id };
  const [balances, requests, keys, deliveries, locations, spots] = await Promise.all([
    getMerchantBalances(scope),
    listPaymentRequests({ merchantId: merchant.id, limit: 20 }),
    listMerchantApiKeys(scope),
    listMerchantDeliveries(scope),
    listLocations({ merchantId: merchant.id }),
    listSpots({ merchantId: merchant.id }),
  ]);
  return (
    <main className="page stack">
      <MerchantHeader />
      <div className="row-head">
        <div>
          <h1 style={{ marginBottom: 0 }}>{merchant.name}</h1>
          <div className="muted">@{merchant.handle}</div>
        </div>
        <div className="actions">
          <Link className="button" href={`/merchant/${merchant.id}/pos`}>
            Open point of sale
          </Link>
          <Link className="button button-secondary" href={`/merchant/${merchant.id}/tables`}>
            Tables
          </Link>
        </div>
      </div>
      <MerchantDashboard
        merchantId={merchant.id}
        initial={{ balances, requests: requests.requests, keys, deliveries }}
      />
      <PlacesSection merchantId={merchant.id} initial={{ locations: locations.locations, spots: spots.spots }} />
    </main>
  );
}
