import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireSessionUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { listSpots } from "@/lib/spots/list-spots";
import "@/components/spots/spots.css";
import { QrSheet } from "./qr-sheet";

export const metadata: Metadata = { title: "Print QR codes" };
export const dynamic = "force-dynamic";

/**
 * The printable QR sheet of one location: a card per spot with the place, the spot's identifier in large
 * type and its static QR code (`${APP_URL}/s/{token}`), big enough to scan from across a table. For the
 * owner only; another user's merchant or location is the 404 page.
 */
export default async function PrintSpotsPage({ params }: { params: Promise<{ id: string; locationId: string }> }) {
  const { id, locationId } = await params;
  const user = await requireSessionUser(`/merchant/${encodeURIComponent(id)}/locations/${encodeURIComponent(locationId)}/print`);
  let spots;
  let merchant;
  try {
    merchant = await getOwnedMerchantOrThrow({ merchantId: id, ownerId: user.id });
    spots = (await listSpots({ merchantId: merchant.id, locationId })).spots;
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const byIdentifier = [...spots].sort((a, b) => a.identifier.localeCompare(b.identifier, "en", { numeric: true, sensitivity: "base" }));
  return (
    <main className="page page-wide stack">
      <header className="topbar no-print">
        <Link href={`/merchant/${merchant.id}`} className="brand">
          ← {merchant.name}
        </Link>
      </header>
      <QrSheet merchantName={merchant.name} spots={byIdentifier} />
    </main>
  );
}
