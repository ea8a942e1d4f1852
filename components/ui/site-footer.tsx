import { getTranslations } from "next-intl/server";
import { getEnv } from "@/lib/env";
import { LanguageSwitcher } from "./language-switcher";

/** Every page's footer: the operator's name, terms and support links (OPERATOR_* env) and the language. */
export async function SiteFooter() {
  const t = await getTranslations("common.footer");
  const { OPERATOR_NAME, OPERATOR_TERMS_URL, OPERATOR_SUPPORT_URL } = getEnv();
  return (
    <footer className="site-footer">
      <p className="small muted">{t("operatedBy", { operator: OPERATOR_NAME })}</p>
      {OPERATOR_TERMS_URL || OPERATOR_SUPPORT_URL ? (
        <nav aria-label={t("linksLabel")} className="small">
          {OPERATOR_TERMS_URL ? <a href={OPERATOR_TERMS_URL}>{t("terms")}</a> : null}
          {OPERATOR_SUPPORT_URL ? <a href={OPERATOR_SUPPORT_URL}>{t("support")}</a> : null}
        </nav>
      ) : null}
      <LanguageSwitcher />
    </footer>
  );
}
