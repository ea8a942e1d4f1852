import { notFound } from "next/navigation";
import { getSessionUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { getPaymentRequestForPage, type PaymentRequestForPage } from "@/lib/payment-requests/get-payment-request-for-page";
import { getUserProfile } from "@/lib/users/get-user-profile";
import { getBalances } from "@/lib/wallet/get-balances";
import { PayHeader } from "../pay-header";
import { PayRequestClient, type Viewer } from "./pay-request-client";

export const dynamic = "force-dynamic";

/**
 * `/pay/{id}`: the URL in a payment request's QR code, so any phone camera opens it. Rendered in full on
 * the server (the request is readable before JavaScript runs); the client part signs in inline, pays,
 * and polls so a payment elsewhere, a cancel or the deadline shows at once. Unknown, malformed and
 * foreign ids are the same 404.
 */
export default async function PayRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (id.length > 100) notFound();
  const user = await getSessionUser();
  let found: PaymentRequestForPage;
  try {
    found = await getPaymentRequestForPage({ viewerUserId: user?.id ?? null, id });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  let viewer: Viewer | null = null;
  if (user) {
    const [profile, balances] = await Promise.all([getUserProfile(user.id), getBalances(user.id)]);
    viewer = { email: user.email, handle: profile.handle, balances };
  }
  return (
    <main className="checkout checkout-narrow">
      <PayHeader />
      <PayRequestClient id={id} initial={found} viewer={viewer} />
    </main>
  );
}
