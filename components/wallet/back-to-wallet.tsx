import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** The header of the wallet's inner pages. */
export async function BackToWallet() {
  const t = await getTranslations("wallet.nav");
  return (
    <header className="topbar">
      <Link href="/wallet" className="brand">
        {t("topLink")}
      </Link>
    </header>
  );
}

/** The way home at the end of a wallet page, so nobody has to scroll back up for it. */
export async function BackToWalletEnd() {
  const t = await getTranslations("wallet.nav");
  return (
    // No label of its own: an aria-label "Back to wallet" would also match getByLabel("To") and the like.
    <p className="back-to-wallet">
      <Link href="/wallet">{t("back")}</Link>
    </p>
  );
}
