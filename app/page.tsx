import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getSessionUser } from "@/lib/auth/current-user";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.home");
  return { title: t("title") };
}

export default async function HomePage() {
  if (await getSessionUser()) redirect("/wallet");
  const t = await getTranslations("auth.home");
  return (
    <main className="page-narrow stack">
      <h1>{t("heading")}</h1>
      <p className="muted">{t("intro")}</p>
      <div style={{ display: "flex", gap: "0.75rem", flexWrap: "wrap" }}>
        <Link className="button" href="/signup">
          {t("createAccount")}
        </Link>
        <Link className="button button-secondary" href="/login">
          {t("signIn")}
        </Link>
      </div>
    </main>
  );
}
