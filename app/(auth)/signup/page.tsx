import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SignupForm } from "@/components/auth/signup-form";
import { getSessionUser } from "@/lib/auth/current-user";
import { safeCallbackPath } from "@/lib/safe-redirect";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.signup");
  return { title: t("title") };
}

export default async function SignupPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  const t = await getTranslations("auth.signup");
  return (
    <main className="page-narrow stack">
      <h1>{t("heading")}</h1>
      <div className="card">
        <SignupForm callbackUrl={callbackUrl} />
      </div>
      <p className="muted">
        {t("haveAccount")} <Link href={`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`}>{t("signInLink")}</Link>
      </p>
    </main>
  );
}
