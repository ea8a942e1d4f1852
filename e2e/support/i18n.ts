import { expect, type BrowserContext, type Page } from "@playwright/test";
import { E2E_BASE_URL } from "./config";

/** Makes a browser context speak `locale`, as the Language switcher would (the NEXT_LOCALE cookie). */
export async function useLocale(context: BrowserContext, locale: "en" | "lt" | "es") {
  await context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: E2E_BASE_URL }]);
}

/**
 * Asserts the page is in `locale` (<html lang>) and shows no missing message: next-intl renders one as
 * ⟦namespace.key⟧ (lib/i18n/messages.ts), so any ⟦ in the page text or an accessible name is a gap.
 */
export async function expectFullyTranslated(page: Page, locale: string, what: string) {
  await expect(page.locator("html"), `${what}: lang`).toHaveAttribute("lang", locale);
  const text = await page.evaluate(() => {
    const parts = [document.body.innerText, document.title];
    for (const el of Array.from(document.querySelectorAll("[aria-label],[title],[placeholder],[alt]"))) {
      for (const name of ["aria-label", "title", "placeholder", "alt"]) parts.push(el.getAttribute(name) ?? "");
    }
    return parts.join("\n");
  });
  const gaps = text.match(/⟦[^⟧]*⟧/g) ?? [];
  expect(gaps, `${what} in ${locale}: untranslated messages`).toEqual([]);
}
