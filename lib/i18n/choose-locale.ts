import { safeCallbackPath } from "@/lib/safe-redirect";
import { isLocale, LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE } from "./locales";

/**
 * The language switcher's form post: set the locale cookie and answer 303 back to `returnTo` (a same-site
 * path only). An unknown locale or an unreadable body changes nothing and still goes back.
 */
export async function chooseLocale(request: Request): Promise<Response> {
  let locale: unknown;
  let returnTo: unknown;
  try {
    const form = await request.formData();
    locale = form.get("locale");
    returnTo = form.get("returnTo");
  } catch {
    // Not a form: nothing to remember.
  }
  const headers = new Headers({ Location: safeCallbackPath(returnTo ?? refererPath(request), "/"), "Cache-Control": "no-store" });
  if (isLocale(locale)) {
    const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
    headers.append("Set-Cookie", `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${LOCALE_COOKIE_MAX_AGE}; SameSite=Lax${secure}`);
  }
  return new Response(null, { status: 303, headers });
}

/** The path of a same-origin Referer (the page the switcher was on, when the form came without returnTo). */
function refererPath(request: Request): string | undefined {
  const referer = request.headers.get("referer");
  if (!referer) return undefined;
  try {
    const from = new URL(referer);
    return from.origin === new URL(request.url).origin ? `${from.pathname}${from.search}` : undefined;
  } catch {
    return undefined;
  }
}
