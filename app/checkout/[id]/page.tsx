import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { PayHeader } from "@/app/pay/pay-header";
import { getSessionUser } from "@/lib/auth/current-user";
import { isReauthRequiredFor } from "@/lib/auth/recent-auth";
import { getCheckoutView } from "@/lib/checkout/get-checkout-view";
import { formatMoney } from "@/lib/i18n/format";
import { parsePositiveAmount } from "@/lib/money";
import { CheckoutClient } from "./checkout-client";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The tab names the merchant and the amount: "Pay 15.00 USD to Paper & Ink Books · Checkout". */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const t = await getTranslations("payCheckout");
  const view = await getCheckoutView({ sessionId: id });
  if (!view) return { title: t("notFoundTitle") };
  return { title: t("title", { merchant: view.merchant.name, amount: formatMoney(await getLocale(), view.order.amount, view.order.currency) }) };
}

/**
 * The hosted checkout page at checkout_url. Rendered in full on the server (readable, and payable, without
 * JavaScript: sign-in and Pay are forms that post); the client part polls the session so another tab's
 * payment or the deadline shows at once.
 */
export default async function CheckoutPage({ params, searchParams }: Props) {
  const { id } = await params;
  const query = await searchParams;
  const user = await getSessionUser();
  const view = await getCheckoutView({ sessionId: id, viewerUserId: user?.id });
  if (!view) notFound();
  const error = typeof query.error === "string" ? query.error.slice(0, 40) : undefined;
  const signIn = query.signin === "failed" ? "credentials" : query.signin === "throttled" ? "throttled" : undefined;
  let asksPassword = false;
  try {
    asksPassword = isReauthRequiredFor(parsePositiveAmount(view.order.amount, view.order.currency), view.order.currency);
  } catch {
    asksPassword = false;
  }
  return (
    <main className="checkout">
      <PayHeader secureLabel="checkout" />
      <CheckoutClient
        initialView={view}
        viewerEmail={user?.email ?? null}
        formError={error ? { code: error, missing: typeof query.missing === "string" ? query.missing.slice(0, 40) : undefined } : undefined}
        signInError={signIn}
        asksPassword={asksPassword}
      />
    </main>
  );
}
