import Link from "next/link";
import { getTranslations } from "next-intl/server";
import "./merchant.css";

/**
 * The header of the merchant pages: the way back (to the wallet from the list, to the merchant from its
 * till pages) and the other places one goes from here. One line on a phone: a long name is cut with "…".
 */
export async function MerchantHeader({
  back,
  links = [],
}: {
  /** Where "back" leads: the wallet by default, else the merchant's own page. */
  back?: { href: string; label: string };
  links?: Array<{ href: string; label: string }>;
}) {
  const t = await getTranslations("merchantHeader");
  const to = back ?? { href: "/wallet", label: t("wallet") };
  return (
    <header className="topbar merchant-topbar">
      <Link href={to.href} className="brand merchant-back">
        <span aria-hidden="true">←&nbsp;</span>
        {to.label}
      </Link>
      {links.length > 0 ? (
        <nav aria-label={t("nav")} className="merchant-nav">
          {links.map((link) => (
            <Link key={link.href} href={link.href}>
              {link.label}
            </Link>
          ))}
        </nav>
      ) : null}
    </header>
  );
}
