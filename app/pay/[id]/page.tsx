import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getSessionUser } from "@/lib/auth/current-user";
import { isReauthRequiredFor, paymentReauthThreshold } from "@/lib/auth/recent-auth";
import { AppError } from "@/lib/errors";
import { formatMoney } from "@/lib/i18n/format";
import { parsePositiveAmount } from "@/lib/money";
import { getPaymentRequestForPage, type PaymentRequestForPage } from "@/lib/payment-requests/get-payment-request-for-page";
import { getUserProfile } from "@/lib/users/get-user-profile";
import { getBalances } from "@/lib/wallet/get-balances";
import { PayHeader } from "../pay-header";
import { PayRequestClient, type Viewer } from "./pay-request-client";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function load(id: string, viewerUserId: string | null): Promise<PaymentRequestForPage | null> {
  if (id.length > 100) return null;
  try {
    return await getPaymentRequestForPage({ viewerUserId, id });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

/** The tab says where the payer is: "Pay 4.20 USD to Café Aurora", or that the request does not exist. */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const t = await getTranslations("payRequest");
  const user = await getSessionUser();
  const found = await load(id, user?.id ?? null);
  if (!found) return { title: t("notFoundTitle") };
  if (found.kind === "addressed") return { title: t("addressedTitle") };
  const { value, merchant } = found.request;
  return {
    title: value ? t("title", { merchant: merchant.name, amount: formatMoney(await getLocale(), value.amount, value.currency) }) : t("titleNoAmount", { merchant: merchant.name }),
  };
}

/**
 * `/pay/{id}`: the URL in a payment request's QR code, so any phone camera opens it. Rendered in full on
 * the server (readable, and payable, before JavaScript runs: sign-in and Pay are forms that post); the
 * client part signs in inline, pays, and polls so a payment elsewhere, a cancel or the deadline shows at
 * once. Unknown, malformed and foreign ids are the same 404.
 */
export default async function PayRequestPage({ params, searchParams }: Props) {
  const { id } = await params;
  const query = await searchParams;
  const user = await getSessionUser();
  const found = await load(id, user?.id ?? null);
  if (!found) notFound();
  let viewer: Viewer | null = null;
  if (user) {
    const [profile, balances] = await Promise.all([getUserProfile(user.id), getBalances(user.id)]);
    viewer = { email: user.email, handle: profile.handle, balances };
  }
  const asksPassword = found.kind === "addressed" ? false : asksForPassword(found.request.value, found.request.partialAllowed);
  const text = (key: string) => (typeof query[key] === "string" ? (query[key] as string).slice(0, 100) : undefined);
  return (
    <main className="checkout checkout-narrow">
      <PayHeader />
      <PayRequestClient
        id={id}
        initial={found}
        viewer={viewer}
        formState={{
          error: text("error"),
          missing: text("missing"),
          paidTxid: text("paid"),
          signIn: text("signin") === "failed" ? "credentials" : text("signin") === "throttled" ? "throttled" : undefined,
          // One key per rendered form: submitting the same form twice never pays twice.
          attempt: crypto.randomUUID(),
          asksPassword,
        }}
      />
    </main>
  );
}

/** Whether the no-JavaScript Pay form needs the password field: the amount is above the limit, or typed by the payer while a limit is set. */
function asksForPassword(value: { amount: string; currency: string } | null, isPartial: boolean): boolean {
  if (!value || isPartial) return paymentReauthThreshold() !== null;
  try {
    return isReauthRequiredFor(parsePositiveAmount(value.amount, value.currency), value.currency);
  } catch {
    return false;
  }
}
