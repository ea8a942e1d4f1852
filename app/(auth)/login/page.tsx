import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LoginForm } from "@/components/auth/login-form";
import { getSessionUser } from "@/lib/auth/current-user";
import { safeCallbackPath } from "@/lib/safe-redirect";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.login");
  return { title: t("title") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; signin?: string }> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  const signin = params.signin === "failed" || params.signin === "throttled" ? params.signin : undefined;
  if (await getSessionUser()) redirect(callbackUrl);
  const t = await getTranslations("auth.login");
  return (
    <main className="page-narrow stack">
      <h1>{t("heading")}</h1>
      <div className="card">
        <LoginForm callbackUrl={callbackUrl} failureUrl={`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`} initialError={signin} />
      </div>
      <p className="muted">
        {t("newHere")} <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>{t("createLink")}</Link>
      </p>
    </main>
  );
}
