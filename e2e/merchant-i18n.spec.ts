/**
 * The merchant pages speak the reader's language: the list, the dashboard (with a request's refund form and
 * its log open), the point of sale idle, showing its QR code and paid, Tables, the print sheet and the 404
 * page, in Lithuanian and Spanish with no missing message, money in the locale's format; and in English
 * with the contract's names.
 */
import { expect, test, type Page } from "@playwright/test";
import { expectFullyTranslated } from "./support/i18n";
import { buildWorld, openEntry, PAGES, signedInStates, type World } from "./support/pages";
import { E2E_POSTGRES_SERVER } from "./support/config";

// What a page looks like and says does not depend on the database engine: checked once, in the SQLite run.
test.skip(Boolean(E2E_POSTGRES_SERVER), "engine-independent (accessibility, languages): runs in the SQLite run of npm test");

const MERCHANT_PAGES = ["merchants", "merchant", "pos", "pos-qr", "pos-paid", "tables", "print-sheet", "404"];

let world: World;
let states: Awaited<ReturnType<typeof signedInStates>>;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  world = await buildWorld();
  states = await signedInStates(browser, world);
});

test.afterAll(async () => {
  await world?.close();
});

const entry = (name: string) => PAGES.find((p) => p.name === name)!;

/** Opens the paid request's refund form and its log, so their words are checked too. */
async function openRequestDetails(page: Page, world: World, refund: string) {
  const row = page.locator(`[data-testid="payment-request"][data-request-id="${world.requests.paid.id}"]`);
  await row.getByRole("button", { name: refund, exact: true }).click();
  await row.locator("details summary").click();
}

for (const locale of ["lt", "es"] as const) {
  test(`the merchant pages in ${locale}: nothing untranslated`, async ({ browser }) => {
    test.setTimeout(180_000);
    for (const name of MERCHANT_PAGES) {
      // The POS states are reached by pressing its (translated) buttons: the sweep's English helpers cannot.
      const base = name.startsWith("pos-") ? entry("pos") : entry(name);
      const { context, page } = await openEntry(browser, base, world, states, { width: 390, locale });
      try {
        if (name === "pos-qr" || name === "pos-paid") {
          await expect(page.locator("#pos-amount")).toBeFocused();
          await page.locator("#pos-amount").fill("1234.5");
          await page.locator('form[aria-labelledby="sale-heading"] button[type="submit"]').click();
          await expect(page.getByTestId("pos-amount")).toHaveText(locale === "lt" ? "1 234,50 USD" : "1234,50 USD");
          if (name === "pos-paid") {
            const code = (await page.getByTestId("pos-short-code").innerText()).trim();
            const found = await page.request.get(`/api/merchants/${world.merchant.id}/payment-requests?limit=1`);
            const [request] = ((await found.json()) as { requests: { id: string; shortCode: string }[] }).requests;
            expect(request!.shortCode).toBe(code);
            const paid = await fetch(`${new URL(page.url()).origin}/api/wallet/payment-requests/${request!.id}/pay`, {
              method: "POST",
              headers: { authorization: `Bearer ${world.payer.token}` },
            });
            expect(paid.status).toBe(200);
            await expect(page.locator("#pos-result-heading")).toBeFocused();
            await expect(page.locator("#pos-result-heading")).toHaveText(locale === "lt" ? "✓ Sumokėta" : "✓ Pagado");
            await expect(page.getByTestId("pos-announcement")).toHaveText(locale === "lt" ? "Sumokėta 1 234,50 USD" : "Pagado 1234,50 USD");
          }
        }
        if (name === "merchant") {
          await openRequestDetails(page, world, locale === "lt" ? "Grąžinti" : "Reembolsar");
          // The API's English reason, said again in the reader's language; the merchant's own words stay as typed.
          const reason = locale === "lt" ? "Atšaukė prekybininkas: Customer left" : "Cancelada por el comercio: Customer left";
          await expect(page.getByTestId("request-reason").filter({ hasText: reason })).toBeVisible();
        }
        await expectFullyTranslated(page, locale, name);
        if (name === "404") await expect(page).toHaveTitle(locale === "lt" ? /^Puslapis nerastas/ : /^Página no encontrada/);
        if (name === "pos") await expect(page).toHaveTitle(locale === "lt" ? /^Kasa · Corner Café/ : /^Punto de venta · Corner Café/);
      } finally {
        await context.close();
      }
    }
  });
}

test("the merchant pages in English keep the contract's names", async ({ browser }) => {
  test.setTimeout(120_000);
  const open = (name: string) => openEntry(browser, entry(name), world, states, { width: 1280, locale: "en" });

  let { context, page } = await open("merchants");
  await expect(page.getByLabel("Name")).toBeVisible();
  await expect(page.getByLabel("Handle")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create merchant" })).toBeVisible();
  await expectFullyTranslated(page, "en", "merchants");
  await context.close();

  ({ context, page } = await open("merchant"));
  await expect(page).toHaveTitle(/^Corner Café · Merchant/);
  await expect(page.getByRole("button", { name: "Pay out" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Refund", exact: true }).first()).toBeVisible();
  await openRequestDetails(page, world, "Refund");
  await expect(page.getByRole("button", { name: "Refund 4.50 USD" })).toBeVisible();
  await expectFullyTranslated(page, "en", "merchant");
  await context.close();

  ({ context, page } = await open("pos-qr"));
  await expect(page).toHaveTitle(/^Point of sale · Corner Café/);
  await expect(page.getByRole("button", { name: "Cancel request" })).toBeVisible();
  await expectFullyTranslated(page, "en", "pos-qr");
  await page.getByRole("button", { name: "Cancel request" }).click();
  await expect(page.getByRole("heading", { name: "Cancelled" })).toBeFocused();
  await expect(page.getByTestId("pos-announcement")).toHaveText("Cancelled");
  await expect(page.getByRole("button", { name: "New sale" })).toBeVisible();
  await context.close();

  ({ context, page } = await open("404"));
  await expect(page.getByRole("heading", { name: "Page not found", level: 1 })).toBeVisible();
  await expect(page).toHaveTitle(/^Page not found/);
  await expect(page.getByRole("link", { name: "Go to your wallet" })).toHaveAttribute("href", "/wallet");
  await context.close();
});
