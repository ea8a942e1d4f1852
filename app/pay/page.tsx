import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { EnterCodeForm } from "@/components/pay/enter-code-form";
import { getSessionUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { getPaymentRequestForPage } from "@/lib/payment-requests/get-payment-request-for-page";
import { AddressedSignIn } from "./[id]/pay-request-client";
import { PayHeader } from "./pay-header";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("payRequest.byCode"))("title") };
}

/**
 * `/pay?code=AB-CDE-FGH`: a short code typed by hand (or read from a QR code that holds only the code)
 * opens its request at `/pay/{id}`. A mistyped code (its check character fails) or one that names no
 * request is said plainly, with the field to type it again.
 */
export default async function PayByCodePage({ searchParams }: { searchParams: Promise<{ code?: string | string[] }> }) {
  const { code: raw } = await searchParams;
  const code = typeof raw === "string" ? raw.trim() : "";
  const t = await getTranslations("payRequest.byCode");
  let error: string | undefined;
  if (code) {
    const user = await getSessionUser();
    let id: string | undefined;
    try {
      const found = await getPaymentRequestForPage({ viewerUserId: user?.id ?? null, shortCode: code });
      if (found.kind === "addressed") {
        // A request-to-pay, and nobody signed in: its addressee signs in here and comes back to this code.
        return (
          <main className="checkout checkout-narrow">
            <PayHeader />
            <AddressedSignIn callbackUrl={`/pay?code=${encodeURIComponent(code)}`} />
          </main>
        );
      }
      id = found.request.id;
    } catch (failure) {
      if (!(failure instanceof AppError)) throw failure;
      error =
        failure.code === "INVALID_SHORT_CODE"
          ? t("invalidCode")
          : t("unknownCode");
    }
    if (id) redirect(`/pay/${id}`);
  }
  return (
    <main className="checkout checkout-narrow">
      <PayHeader />
      <section className="card stack checkout-panel" aria-labelledby="pay-code-heading">
        <h1 id="pay-code-heading">{t("title")}</h1>
        <p className="muted">{t("text")}</p>
        <EnterCodeForm defaultValue={code || undefined} error={error} autoFocus={Boolean(error)} />
      </section>
    </main>
  );
}
