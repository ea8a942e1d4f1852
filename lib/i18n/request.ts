import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, negotiateLocale, type Locale } from "./locales";
import { loadMessages, missingMessage } from "./messages";
import { isTimeZone, TIME_ZONE_COOKIE } from "./time-zone";

/** The request's locale: the switcher's remembered choice, else the browser's Accept-Language. */
export async function requestLocale(): Promise<Locale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  return negotiateLocale((await headers()).get("accept-language")) ?? DEFAULT_LOCALE;
}

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  // The browser's time zone once it has told us (components/ui/time-zone-cookie.tsx); UTC before that.
  const zone = (await cookies()).get(TIME_ZONE_COOKIE)?.value;
  return {
    locale,
    timeZone: isTimeZone(zone) ? zone : "UTC",
    messages: await loadMessages(locale),
    getMessageFallback: missingMessage,
    onError(error) {
      // A missing message is a bug the tests catch (it renders ⟦ns.key⟧); say which one in the server log.
      console.error(`[i18n] ${error.code}: ${error.message}`);
    },
  };
});
