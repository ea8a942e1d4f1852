import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { PayHeader } from "@/app/pay/pay-header";
import { getSessionUser } from "@/lib/auth/current-user";
import { getUserProfile } from "@/lib/users/get-user-profile";
import { findUserByHandle } from "@/lib/users/find-user-by-handle";
import { getBalances } from "@/lib/wallet/get-balances";
import { UserPaymentClient, type PayingViewer } from "./user-payment-client";

export const dynamic = "force-dynamic";

/** The handle as it came in the URL ("@Bob", "%40bob", "bob"), looked up once per request. */
const findRecipient = cache(async (raw: string) => {
  let handle = raw;
  try {
    handle = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return handle.length > 100 ? null : findUserByHandle(handle);
});

export async function generateMetadata({ params }: { params: Promise<{ handle: string }> }): Promise<Metadata> {
  const recipient = await findRecipient((await params).handle);
  const t = await getTranslations("wallet.userPay");
  return { title: recipient ? t("title", { handle: `@${recipient.handle}` }) : t("notFoundTitle") };
}

/**
 * `/u/{handle}`: what a user's personal QR code opens (`${APP_URL}/u/{handle}`), so any phone camera gets a
 * payment form to that wallet: sign in inline, "Amount", optional memo, "Send", the same confirmation as
 * /wallet/send. An unknown handle is the 404 page, and so is a merchant's (merchants are paid through
 * payment requests). Without a session the page shows the handle only, not the holder's name.
 */
export default async function UserPaymentPage({ params }: { params: Promise<{ handle: string }> }) {
  const recipient = await findRecipient((await params).handle);
  if (!recipient) notFound();
  const user = await getSessionUser();
  let viewer: PayingViewer | null = null;
  if (user) {
    const [profile, balances] = await Promise.all([getUserProfile(user.id), getBalances(user.id)]);
    viewer = { handle: profile.handle, balances };
  }
  return (
    <main className="checkout checkout-narrow">
      <PayHeader />
      <UserPaymentClient recipient={{ handle: recipient.handle, name: viewer ? recipient.name : null }} viewer={viewer} />
    </main>
  );
}
