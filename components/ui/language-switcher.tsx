"use client";

import { useLocale, useTranslations } from "next-intl";
import { useId, useRef } from "react";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";

/**
 * "Language" and "Apply": a form that posts to /api/locale, so it works before JavaScript loads (the server
 * then goes back by the Referer). No submit on change: arrow keys on a select would navigate mid-choice.
 */
export function LanguageSwitcher() {
  const t = useTranslations("common.language");
  const locale = useLocale();
  const id = useId();
  const returnTo = useRef<HTMLInputElement>(null);
  return (
    <form
      action="/api/locale"
      method="post"
      className="language-switcher"
      onSubmit={() => {
        if (returnTo.current) returnTo.current.value = `${window.location.pathname}${window.location.search}`;
      }}
    >
      <label htmlFor={id}>{t("label")}</label>
      <select id={id} name="locale" defaultValue={locale}>
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LOCALE_NAMES[code]}
          </option>
        ))}
      </select>
      <input ref={returnTo} type="hidden" name="returnTo" />
      <button type="submit" className="button button-secondary button-small">
        {t("apply")}
      </button>
    </form>
  );
}
