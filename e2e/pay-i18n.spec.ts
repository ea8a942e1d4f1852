/**
 * Every paying page in each language: the pay page (signed out and in), pay by code, the hosted checkout,
 * the QR page and the scanner render with no missing message (⟦ns.key⟧) in text or accessible names, with
 * <html lang> set and money in the reader's locale.
 */
import { expect, test } from "@playwright/test";
import { PASSWORD } from "./support/accounts";
import { expectFullyTranslated, useLocale } from "./support/i18n";
import { createRequest, createSpot, newCheckout, newPayer, startPayWorld, type PayWorld } from "./support/pay-world";
import { E2E_POSTGRES_SERVER } from "./support/config";

// What a page looks like and says does not depend on the database engine: checked once, in the SQLite run.
test.skip(Boolean(E2E_POSTGRES_SERVER), "engine-independent (accessibility, languages): runs in the SQLite run of npm test");

let world: PayWorld;

test.beforeAll(async () => {
  world = await startPayWorld("pay-i18n");
});

test.afterAll(async () => {
  await world?.close();
});

const SIGN_IN: Record<string, string> = { en: "Sign in", lt: "Prisijungti", es: "Iniciar sesión" };
const EMAIL: Record<string, string> = { en: "Email", lt: "El. paštas", es: "Correo electrónico" };
const PASSWORD_LABEL: Record<string, string> = { en: "Password", lt: "Slaptažodis", es: "Contraseña" };

for (const locale of ["en", "lt", "es"] as const) {
  test(`the paying pages in ${locale}`, async ({ page, context }) => {
    await useLocale(context, locale);
    const request = await createRequest(world, { value: { amount: "1234.50", currency: "USD" }, lineItems: [{ name: "Lantern", qty: 2, price: "1234.50" }] });
    const { created } = await newCheckout(world);
    const spot = await createSpot(world, `table-${locale}`);

    await page.goto(`/pay/${request.id}`);
    await expectFullyTranslated(page, locale, "pay page, signed out");
    // Money in the locale's style: 1,234.50 USD / 1 234,50 USD / 1234,50 USD.
    await expect(page.getByTestId("request-total")).toHaveText(locale === "en" ? "1,234.50 USD" : locale === "lt" ? /^1\s234,50 USD$/ : /^1\.?234,50 USD$/);

    await page.goto(spot.qr);
    await expectFullyTranslated(page, locale, "spot page, signed out");

    await page.goto(`/pay?code=${request.shortCode}x`);
    await expectFullyTranslated(page, locale, "pay by code, a mistyped code");

    await page.goto(created.checkout_url);
    await expectFullyTranslated(page, locale, "checkout, signed out");
    // The tab names the merchant and the amount.
    await expect(page).toHaveTitle(locale === "en" ? /^Pay 15\.00 USD to Paper & Ink Books · Checkout/ : /Paper & Ink Books/);

    // Sign in inline (in the page's language), back on the same checkout.
    const email = newPayer(`pay-i18n-${locale}`, "5.00");
    await page.getByLabel(EMAIL[locale]!).fill(email);
    await page.getByLabel(PASSWORD_LABEL[locale]!, { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: SIGN_IN[locale], exact: true }).click();
    await expect(page.getByTestId("checkout-balance")).toBeVisible();
    await expect(page).toHaveURL(created.checkout_url);
    // Short of money: the shortfall and Add money are shown and Pay waits.
    await expect(page.getByTestId("balance-short")).toBeVisible();
    await expectFullyTranslated(page, locale, "checkout, signed in, balance short");

    await page.goto(`/pay/${request.id}`);
    await expectFullyTranslated(page, locale, "pay page, signed in");
    await page.goto(spot.qr);
    await expectFullyTranslated(page, locale, "spot page, signed in");
    await page.goto("/wallet/pay");
    await expectFullyTranslated(page, locale, "QR page");
    await page.getByText(locale === "en" ? "Show code" : locale === "lt" ? "Rodyti kodą" : "Mostrar el código").click();
    await expectFullyTranslated(page, locale, "QR page, code shown");
    await page.goto("/wallet/scan");
    await expectFullyTranslated(page, locale, "scanner");
    const missing = await page.goto("/pay/pr_doesnotexist000000000000");
    expect(missing?.status()).toBe(404);
    await expectFullyTranslated(page, locale, "unknown request (404)");
    const missingCheckout = await page.goto("/checkout/cs_doesnotexist");
    expect(missingCheckout?.status()).toBe(404);
    await expectFullyTranslated(page, locale, "unknown checkout (404)");
    const missingSpot = await page.goto(`/s/${"A".repeat(22)}`);
    expect(missingSpot?.status()).toBe(404);
    await expectFullyTranslated(page, locale, "unknown spot (404)");
    if (locale === "en") {
      // 404 titles say what was not found.
      await page.goto("/pay/pr_doesnotexist000000000000");
      await expect(page).toHaveTitle(/^Payment request not found/);
      await page.goto("/checkout/cs_doesnotexist");
      await expect(page).toHaveTitle(/^Checkout not found/);
      await page.goto(`/s/${"A".repeat(22)}`);
      await expect(page).toHaveTitle(/^Spot not found/);
    }
  });
}
