/**
 * The wallet and account pages in every language (issue 15, item 5): each page rendered in Lithuanian and
 * Spanish shows no missing message (⟦ns.key⟧) in its text, title or accessible names and has <html lang>;
 * English too. The footer's Language switcher changes the language and the choice is remembered on the next
 * page. Money and dates follow the locale.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { newEmail, PASSWORD } from "./support/accounts";
import { walletCli } from "./support/cli";
import { expectFullyTranslated, useLocale } from "./support/i18n";
import { E2E_POSTGRES_SERVER } from "./support/config";

// What a page looks like and says does not depend on the database engine: checked once, in the SQLite run.
test.skip(Boolean(E2E_POSTGRES_SERVER), "engine-independent (accessibility, languages): runs in the SQLite run of npm test");

type Locale = "en" | "lt" | "es";

const handle = `lang_${randomBytes(4).toString("hex")}`;
const friend = `langf_${randomBytes(4).toString("hex")}`;
const email = newEmail("languages");
let transferTxid = "";

test.beforeAll(() => {
  walletCli("user:create", "--email", email, "--password", PASSWORD, "--handle", handle);
  walletCli("user:create", "--email", newEmail("languages-friend"), "--password", PASSWORD, "--handle", friend);
  walletCli("topup", "--email", email, "--amount", "1234.50", "--currency", "USD");
});

async function signIn(page: Page) {
  await page.goto("/login");
  await page.getByRole("textbox").first().fill(email);
  await page.locator('input[type="password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').first().click();
  await expect(page).toHaveURL(/\/wallet$/);
}

const SIGNED_OUT = ["/", "/login", "/signup"];
const signedIn = () => [
  "/wallet",
  "/wallet/account",
  "/wallet/tokens",
  "/wallet/send",
  "/wallet/receive",
  "/wallet/add-money",
  "/wallet/requests",
  `/wallet/receipts/${transferTxid}`,
  `/u/${friend}`,
];

for (const locale of ["lt", "es", "en"] as const satisfies readonly Locale[]) {
  test(`every wallet and account page in ${locale}`, async ({ browser }) => {
    const context = await browser.newContext();
    await useLocale(context, locale);
    const page = await context.newPage();
    for (const path of SIGNED_OUT) {
      await page.goto(path);
      await expectFullyTranslated(page, locale, path);
    }
    await signIn(page);
    if (!transferTxid) {
      const sent = await page.request.post("/api/wallet/transfers", { data: { to: friend, amount: "1.00", currency: "USD" } });
      transferTxid = ((await sent.json()) as { txid: string }).txid;
    }
    for (const path of signedIn()) {
      await page.goto(path);
      await expectFullyTranslated(page, locale, path);
    }
    // The tokens page's states and the send form's confirmation step, translated too.
    await page.goto("/wallet/tokens");
    await page.locator("#token-name").fill("Phone");
    await page.locator("form.card button[type=submit]").click();
    await expect(page.getByTestId("new-token")).toBeVisible();
    await page.locator("[id^=revoke-]").first().click();
    await expectFullyTranslated(page, locale, "/wallet/tokens confirming a revoke");
    await page.goto("/wallet/send");
    await page.locator("#send-to").fill(friend);
    await page.locator("#send-amount").fill("2");
    await page.locator("form.money-form button[type=submit]").click();
    await expect(page.locator("#send-confirm-heading")).toBeFocused();
    await expectFullyTranslated(page, locale, "/wallet/send confirmation");
    await context.close();
  });
}

test("money and dates in the reader's locale: Lithuanian groups and decimal commas", async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: "Europe/Vilnius" });
  await useLocale(context, "lt");
  const page = await context.newPage();
  await signIn(page);
  await page.goto("/wallet");
  await expect(page.getByRole("heading", { level: 1, name: "Likučiai" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Operacijos" })).toContainText("+1 234,50 USD");
  await context.close();
});

test("the footer's Language switcher changes the language, and the next page remembers it", async ({ page }) => {
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await page.getByLabel("Language").selectOption("es");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { level: 1, name: "Iniciar sesión" })).toBeVisible();
  await expect(page).toHaveTitle(/^Iniciar sesión/);

  // Remembered: the next page is in Spanish without choosing again.
  await page.getByRole("link", { name: "Cree una cuenta" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Cree su monedero" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "es");

  await page.getByLabel("Idioma").selectOption("lt");
  await page.getByRole("button", { name: "Aplicar" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Susikurkite piniginę" })).toBeVisible();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "lt");
  await expect(page.getByRole("link", { name: "Prisijungti" })).toBeVisible();
});
