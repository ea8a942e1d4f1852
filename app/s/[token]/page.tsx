import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PayHeader } from "@/app/pay/pay-header";
import { getSessionUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { getCustomerSpot } from "@/lib/spots/get-customer-spot";
import type { CustomerSpotJson } from "@/lib/spots/spot-view";
import { getUserProfile } from "@/lib/users/get-user-profile";
import { getBalances } from "@/lib/wallet/get-balances";
import { SpotClient, type SpotViewer } from "./spot-client";

export const dynamic = "force-dynamic";

/**
 * `/s/{token}`: the URL in a spot's printed QR code (a café table), so any phone camera opens it. Shows
 * the place and the spot; signed in, "Check in", then waits (polling) for the order and confirms it —
 * which reserves the money until the merchant captures it. Unknown and malformed tokens are the same 404.
 */
type Props = { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The tab names the place: "Table 4 · Café Aurora", or that the spot does not exist. */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { token } = await params;
  const t = await getTranslations("paySpot");
  try {
    const spot = await getCustomerSpot({ token, userId: null });
    return { title: t("title", { spot: spot.identifier, place: spot.location.title }) };
  } catch {
    return { title: t("notFoundTitle") };
  }
}

export default async function SpotPage({ params, searchParams }: Props) {
  const { token } = await params;
  const query = await searchParams;
  const user = await getSessionUser();
  let spot: CustomerSpotJson;
  try {
    spot = await getCustomerSpot({ token, userId: user?.id ?? null });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  let viewer: SpotViewer | null = null;
  if (user) {
    const [profile, balances] = await Promise.all([getUserProfile(user.id), getBalances(user.id)]);
    viewer = { email: user.email, handle: profile.handle, balances };
  }
  return (
    <main className="checkout checkout-narrow">
      <PayHeader />
      <SpotClient
        token={token}
        initial={spot}
        viewer={viewer}
        signInError={query.signin === "failed" ? "credentials" : query.signin === "throttled" ? "throttled" : undefined}
      />
    </main>
  );
}
