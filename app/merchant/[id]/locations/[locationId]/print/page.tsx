import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AppError } from "@/lib/errors";
import { listSpots } from "@/lib/spots/list-spots";
import "@/components/spots/spots.css";
import { MerchantHeader } from "../../../../merchant-header";
import { findOwnedMerchant, requireOwnedMerchant } from "../../../../owned-merchant";
import { QrSheet } from "./qr-sheet";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [{ id }, t] = await Promise.all([params, getTranslations("merchantPrint")]);
  const owned = await findOwnedMerchant(id);
  return { title: owned ? t("pageTitle", { merchant: owned.merchant.name }) : t("pageTitleGeneric") };
}
export const dynamic = "force-dynamic";

/**
 * The printable QR sheet of one location: a card per spot with the place, the spot's identifier in large
 * type and its static QR code (`${APP_URL}/s/{token}`), big enough to scan from across a table. For the
 * owner only; another user's merchant or location is the 404 page.
 */
export default async function PrintSpotsPage({ params }: { params: Promise<{ id: string; locationId: string }> }) {
  const { id, locationId } = await params;
  const { merchant } = await requireOwnedMerchant(id, `/merchant/${encodeURIComponent(id)}/locations/${encodeURIComponent(locationId)}/print`);
  let spots;
  try {
    spots = (await listSpots({ merchantId: merchant.id, locationId })).spots;
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const byIdentifier = [...spots].sort((a, b) => a.identifier.localeCompare(b.identifier, "en", { numeric: true, sensitivity: "base" }));
  return (
    <main className="page page-wide stack">
      <div className="no-print">
        <MerchantHeader back={{ href: `/merchant/${merchant.id}`, label: merchant.name }} />
      </div>
      <QrSheet merchantName={merchant.name} spots={byIdentifier} />
    </main>
  );
}
