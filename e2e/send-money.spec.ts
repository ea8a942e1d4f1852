/**
 * Money between people from the web: "Send" to a handle with a confirmation step, a personal QR code that
 * any phone camera opens as a payment form to that wallet (/u/{handle}), and "Add money".
 */
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { newEmail, PASSWORD } from "./support/accounts";
import { expectNoAxeViolations } from "./support/axe";
import { walletCli } from "./support/cli";
import { E2E_BASE_URL, E2E_GATEWAY_OCID } from "./support/config";
import { decodeQrCode } from "./support/decode-qr";

type Person = { email: string; handle: string };

/** A wallet user with a known handle, and money when asked. */
function makePerson(prefix: string, topUp?: string): Person {
  const handle = `${prefix}_${randomBytes(4).toString("hex")}`;
  const email = newEmail(prefix);
  walletCli("user:create", "--email", email, "--password", PASSWORD, "--handle", handle);
  if (topUp) walletCli("topup", "--email", email, "--amount", topUp, "--currency", "USD");
  return { email, handle };
}

async function signIn(page: Page, person: Person) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/wallet$/);
}

/** The caller's balances, asked of the API with the page's own session. */
async function balancesOf(page: Page) {
  const response = await page.request.get("/api/wallet/balance");
  expect(response.status()).toBe(200);
  return ((await response.json()) as { balances: Array<{ currency: string; amount: string }> }).balances;
}

test("A sends money to B from /wallet/send, confirming first; B sees it in the history", async ({ page, browser }) => {
  const ada = makePerson("ada", "20.00");
  const bob = makePerson("bob");
  await signIn(page, ada);
  await page.getByRole("navigation", { name: "Move money" }).getByRole("link", { name: "Send", exact: true }).click();
  await expect(page).toHaveURL(/\/wallet\/send$/);
  await expect(page.getByRole("heading", { level: 1, name: "Send money" })).toBeVisible();
  await expect(page.getByTestId("send-balance")).toHaveText("20.00 USD");
  await expect(page.getByLabel("Currency")).toHaveValue("USD");
  await expectNoAxeViolations(page, "/wallet/send");

  // More than the balance: the button says no and points to "Add money".
  await page.getByLabel("To").fill(`@${bob.handle}`);
  await page.getByLabel("Amount").fill("20.01");
  await expect(page.getByText("Your balance is not enough to send this amount.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Send", exact: true })).toBeDisabled();
  await expect(page.locator("#send-short").getByRole("link", { name: "Add money" })).toHaveAttribute("href", "/wallet/add-money");

  // A handle nobody has, and an amount the currency cannot hold: said next to the field, which gets focus.
  await page.getByLabel("Amount").fill("7.255");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByLabel("Amount")).toBeFocused();
  await expect(page.locator("#send-amount-error")).toHaveText('Invalid amount "7.255": USD has at most 2 decimals.');
  await page.getByLabel("Amount").fill("7.25");
  await page.getByLabel("To").fill("bob/../tokens");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.locator("#send-to-error")).toHaveText("No wallet user has the handle @bob/../tokens: a handle is 3–30 letters a–z, digits and _.");
  await page.getByLabel("To").fill("@nobody_has_this_one");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.locator("#send-to-error")).toContainText("No wallet user has the handle @nobody_has_this_one.");
  await expect(page.getByLabel("To")).toBeFocused();
  await expect(page.getByLabel("To")).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page, "/wallet/send with errors");

  // The confirmation: whom and how much, and nothing has moved yet.
  await page.getByLabel("To").fill(bob.handle.toUpperCase());
  await page.getByLabel("Memo (optional)").fill("Concert tickets");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Confirm this transfer" })).toBeFocused();
  await expect(page.getByTestId("confirm-amount")).toHaveText("7.25 USD");
  await expect(page.getByTestId("confirm-recipient")).toHaveText(`@${bob.handle}`);
  await expect(page.getByText("12.75 USD")).toBeVisible();
  expect(await balancesOf(page)).toEqual([{ currency: "USD", amount: "20.00" }]);
  await expectNoAxeViolations(page, "/wallet/send confirmation");

  // "Change" goes back with everything still filled in.
  await page.getByRole("button", { name: "Change" }).click();
  await expect(page.getByLabel("To")).toBeFocused();
  await expect(page.getByLabel("Amount")).toHaveValue("7.25");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await page.getByRole("button", { name: "Send 7.25 USD" }).click();

  await expect(page.getByRole("heading", { name: "Receipt" })).toBeFocused();
  await expect(page.getByRole("status").filter({ hasText: "Money sent" })).toBeVisible();
  await expect(page.getByTestId("receipt-amount")).toHaveText("7.25 USD");
  await expect(page.getByTestId("receipt-recipient")).toHaveText(`@${bob.handle}`);
  await expect(page.getByTestId("receipt-txid")).toHaveText(/\S{10,}/);
  await expectNoAxeViolations(page, "/wallet/send receipt");
  expect(await balancesOf(page)).toEqual([{ currency: "USD", amount: "12.75" }]);

  await page.getByRole("link", { name: "Back to wallet" }).click();
  const adaHistory = page.getByRole("list", { name: "Transactions" }).getByRole("listitem").first();
  await expect(adaHistory).toContainText(`Sent to @${bob.handle} — Concert tickets`);
  await expect(adaHistory).toContainText("−7.25 USD");

  const bobContext = await browser.newContext();
  const bobPage = await bobContext.newPage();
  await signIn(bobPage, bob);
  const bobHistory = bobPage.getByRole("list", { name: "Transactions" }).getByRole("listitem").first();
  await expect(bobHistory).toContainText(`Received from @${ada.handle} — Concert tickets`);
  await expect(bobHistory).toContainText("+7.25 USD");
  await expect(bobPage.getByRole("list", { name: "Balances" })).toContainText("7.25");
  await bobContext.close();
  expect(walletCli("ledger:check")).toMatch(/^Ledger OK/);
});

test("B's personal QR code, opened by A: sign in on the form, confirm, sent", async ({ page, browser }) => {
  const ada = makePerson("ada", "10.00");
  const bob = makePerson("bob");
  const personalUrl = `${E2E_BASE_URL}/u/${bob.handle}`;

  // B shows the code.
  await signIn(page, bob);
  await page.getByRole("link", { name: "Receive", exact: true }).click();
  await expect(page).toHaveURL(/\/wallet\/receive$/);
  await expect(page.getByTestId("receive-handle")).toHaveText(`@${bob.handle}`);
  await expect(page.getByTestId("receive-link")).toHaveText(personalUrl);
  // What a camera reads from the code as drawn, in light and in dark: black on white with its quiet zone.
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await decodeQrCode(await page.getByTestId("receive-qr").screenshot()), colorScheme).toEqual([personalUrl]);
  }
  await page.emulateMedia({ colorScheme: null });
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: E2E_BASE_URL });
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Link copied." })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(personalUrl);
  await expectNoAxeViolations(page, "/wallet/receive");
  // B's own code, opened by B, is not a form to pay oneself.
  await page.goto(personalUrl);
  await expect(page.getByRole("heading", { name: "This is your own code" })).toBeVisible();
  await expect(page.getByLabel("Amount")).toHaveCount(0);

  // A's phone camera opens the URL: the form, after signing in on the page itself.
  const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await phoneContext.newPage();
  const response = await phone.goto(personalUrl);
  expect(response?.status()).toBe(200);
  await expect(phone.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  await expect(phone).toHaveTitle(`Send money to @${bob.handle} · Opencharge Wallet`);
  await expect(phone.getByRole("heading", { level: 1, name: `Send money to @${bob.handle}` })).toBeVisible();
  await expect(phone.getByRole("heading", { name: "Sign in to pay" })).toBeVisible();
  await expectNoAxeViolations(phone, "/u/{handle} signed out");
  await phone.getByLabel("Email").fill(ada.email);
  await phone.getByLabel("Password").fill(PASSWORD);
  await phone.getByRole("button", { name: "Sign in" }).click();
  await expect(phone).toHaveURL(personalUrl);
  await expect(phone.getByText(`Sending as @${ada.handle}`)).toBeVisible();
  await expect(phone.getByLabel("To", { exact: true })).toHaveCount(0);
  await expect(phone.getByTestId("send-balance")).toHaveText("10.00 USD");
  await expectNoAxeViolations(phone, "/u/{handle} form");

  await phone.getByLabel("Amount").fill("4.5");
  await phone.getByLabel("Memo (optional)").fill("Half the taxi");
  await phone.getByRole("button", { name: "Send", exact: true }).click();
  await expect(phone.getByRole("heading", { name: "Confirm this transfer" })).toBeFocused();
  await expect(phone.getByTestId("confirm-amount")).toHaveText("4.50 USD");
  await expect(phone.getByTestId("confirm-recipient")).toHaveText(`@${bob.handle}`);
  await expectNoAxeViolations(phone, "/u/{handle} confirmation");
  await phone.getByRole("button", { name: "Send 4.50 USD" }).click();
  await expect(phone.getByRole("heading", { name: "Receipt" })).toBeFocused();
  await expect(phone.getByTestId("receipt-amount")).toHaveText("4.50 USD");
  await expectNoAxeViolations(phone, "/u/{handle} receipt");
  expect(await balancesOf(phone)).toEqual([{ currency: "USD", amount: "5.50" }]);
  await phoneContext.close();

  expect(await balancesOf(page)).toEqual([{ currency: "USD", amount: "4.50" }]);
  await page.goto("/wallet");
  await expect(page.getByRole("list", { name: "Transactions" }).getByRole("listitem").first()).toContainText(`Received from @${ada.handle} — Half the taxi`);
});

test("/u/{handle} of nobody, of a merchant or of a malformed handle is the 404 page", async ({ page }) => {
  const owner = makePerson("owner");
  const merchant = JSON.parse(walletCli("merchant:create", "--email", owner.email, "--name", "Corner Café")) as { handle: string };
  for (const path of ["/u/nobody_has_this_one", `/u/${merchant.handle}`, "/u/no!", "/u/x"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  // The handle as people type it reaches the same wallet.
  const response = await page.goto(`/u/@${owner.handle.toUpperCase()}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: `Send money to @${owner.handle}` })).toBeVisible();
});

test("Add money: the handle and reference, the OCID, and the operator's top-up that works as shown", async ({ page }) => {
  const carol = makePerson("carol");
  await signIn(page, carol);
  await expect(page.getByText("No balance yet.")).toBeVisible();

  // With nothing to send, "Send" says so and leads to "Add money".
  await page.getByRole("link", { name: "Send", exact: true }).click();
  await expect(page.getByText("You have no USD to send yet.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Send", exact: true })).toBeDisabled();
  await page.locator("#send-short").getByRole("link", { name: "Add money" }).click();

  await expect(page).toHaveURL(/\/wallet\/add-money$/);
  await expect(page.getByRole("heading", { level: 1, name: "Add money" })).toBeVisible();
  await expect(page.getByTestId("add-money-handle")).toHaveText(`@${carol.handle}`);
  await expect(page.getByTestId("add-money-reference")).toHaveText(`@${carol.handle}`);
  await expect(page.getByTestId("add-money-ocid")).toHaveText(String(E2E_GATEWAY_OCID));
  await page.getByText("Details for the bank or provider").click();
  await expect(page.getByText(`${E2E_BASE_URL}/opencharge/transfer/webhook`)).toBeVisible();
  await expect(page.getByRole("link", { name: "Show my QR code" })).toHaveAttribute("href", "/wallet/receive");
  await expectNoAxeViolations(page, "/wallet/add-money");

  // The e2e app runs on a loopback address: a development setup, so the operator's command is shown — and works.
  const command = await page.getByTestId("add-money-command").innerText();
  expect(command).toBe(`npm run wallet -- topup --email ${carol.email} --amount 50.00 --currency USD`);
  walletCli(...command.replace(/^npm run wallet -- /, "").split(" "));
  await page.getByRole("link", { name: "← Wallet" }).click();
  await expect(page.getByRole("list", { name: "Balances" })).toContainText("50.00");
  await page.getByRole("link", { name: "Add money", exact: true }).click();
  await expect(page).toHaveURL(/\/wallet\/add-money$/);
});
