import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BackToWallet, BackToWalletEnd } from "@/components/wallet/back-to-wallet";
import { requireSessionUser } from "@/lib/auth/current-user";
import { displayHandle } from "@/lib/handles/handle-rules";
import { getUserProfile } from "@/lib/users/get-user-profile";
import { ChangePasswordForm, SignOutOthersForm } from "./account-forms";
import "../money.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("wallet.account");
  return { title: t("title") };
}
export const dynamic = "force-dynamic";

/** `/wallet/account`: who you are signed in as, "Change password" and "Sign out other sessions". */
export default async function AccountPage() {
  const user = await requireSessionUser("/wallet/account");
  const t = await getTranslations("wallet.account");
  const profile = await getUserProfile(user.id);
  return (
    <main className="page stack">
      <BackToWallet />
      <h1>{t("title")}</h1>
      <section className="card stack" aria-labelledby="account-who-heading">
        <h2 id="account-who-heading" className="money-section-title">
          {t("signedInAs")}
        </h2>
        <dl className="money-facts">
          <dt>{t("handle")}</dt>
          <dd>
            <strong>{displayHandle(profile.handle)}</strong>
          </dd>
          <dt>{t("email")}</dt>
          <dd data-testid="account-email">{user.email}</dd>
        </dl>
      </section>
      <ChangePasswordForm />
      <SignOutOthersForm />
      <BackToWalletEnd />
    </main>
  );
}
