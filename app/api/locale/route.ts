import { chooseLocale } from "@/lib/i18n/choose-locale";

/**
 * POST /api/locale (a form: locale, returnTo): remember the language chosen with the switcher and go back
 * to the page it was chosen on. A plain form post, so it works before JavaScript has loaded.
 */
export async function POST(request: Request): Promise<Response> {
  return chooseLocale(request);
}
