import { expect, test } from "@playwright/test";
import { newEmail, PASSWORD, signUp } from "./support/accounts";
import { walletCli } from "./support/cli";

test("sign up, top up with the CLI, see the balance and the history entry", async ({ page }) => {
  const email = newEmail("alice");
  await signUp(page, email);
  await expect(page.getByRole("heading", { name: "Balances" })).toBeVisible();
  await expect(page.getByText("No balance yet")).toBeVisible();

  const topup = JSON.parse(walletCli("topup", "--email", email, "--amount", "15.00", "--currency", "USD"));
  expect(topup).toMatchObject({ amount: "15.00", balance: "15.00" });

  await page.reload();
  const balances = page.getByRole("list", { name: "Balances" });
  await expect(balances).toContainText("USD");
  await expect(balances).toContainText("15.00");
  const history = page.getByRole("list", { name: "Transactions" });
  await expect(history.getByRole("listitem")).toHaveCount(1);
  await expect(history).toContainText("Top-up");
  await expect(history).toContainText("+15.00 USD");

  // The wallet API answers the same for the browser session.
  const api = await page.request.get("/api/wallet/balance");
  expect(await api.json()).toEqual({ balances: [{ currency: "USD", amount: "15.00" }] });
});

test("a second browser context cannot see the first user's data", async ({ page, browser }) => {
  const alice = newEmail("alice");
  await signUp(page, alice);
  walletCli("topup", "--email", alice, "--amount", "42.00", "--currency", "EUR");

  const other = await browser.newContext();
  const bobPage = await other.newPage();
  // Signed out: the wallet sends you to sign in, and the API refuses.
  await bobPage.goto("/wallet");
  await expect(bobPage).toHaveURL(/\/login\?callbackUrl=%2Fwallet|\/login\?callbackUrl=\/wallet/);
  expect((await bobPage.request.get("/api/wallet/balance")).status()).toBe(401);

  await signUp(bobPage, newEmail("bob"));
  await expect(bobPage.getByText("No balance yet")).toBeVisible();
  await expect(bobPage.getByText("42.00")).toHaveCount(0);
  expect(await (await bobPage.request.get("/api/wallet/balance")).json()).toEqual({ balances: [] });
  expect((await (await bobPage.request.get("/api/wallet/transactions")).json()).transactions).toEqual([]);
  await other.close();

  await page.reload();
  await expect(page.getByRole("list", { name: "Balances" })).toContainText("42.00");
});

test("sign-in errors, duplicate sign-up and sign-out", async ({ page }) => {
  const email = newEmail("carol");
  await signUp(page, email);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Invalid email or password." })).toBeVisible();

  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("An account with this email already exists.")).toBeVisible();

  await page.getByLabel("Email").fill(newEmail("dave"));
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Password must be at least 10 characters.")).toBeVisible();

  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/wallet$/);
});

test("create an API token in the browser, use it, revoke it", async ({ page, playwright }) => {
  const email = newEmail("tokens");
  await signUp(page, email);
  walletCli("topup", "--email", email, "--amount", "3.00", "--currency", "USD");
  await page.getByRole("link", { name: "API tokens" }).click();
  await page.getByLabel("Token name").fill("My phone");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").innerText()).trim();
  expect(token).toMatch(/^ocw_/);
  await expect(page.getByRole("list", { name: "Tokens" })).toContainText("My phone");

  const api = await playwright.request.newContext({ extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  expect(await (await api.get("/api/wallet/balance")).json()).toEqual({ balances: [{ currency: "USD", amount: "3.00" }] });

  // Revoking asks first (issue 15), then removes the secret that is still shown.
  await page.getByRole("button", { name: "Revoke My phone" }).click();
  await page.getByRole("button", { name: "Yes, revoke My phone" }).click();
  await expect(page.getByRole("list", { name: "Tokens" })).toContainText("Revoked");
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  expect((await api.get("/api/wallet/balance")).status()).toBe(401);
  await api.dispose();
});

test("after 10 failed sign-ins the login page says to wait, even for the right password", async ({ page }) => {
  const email = newEmail("guessed");
  await signUp(page, email);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  for (let i = 0; i < 10; i++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong guess ${i}`);
    // Wait for this attempt's own answer: the alert of the previous one is still on the page.
    const answer = page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
    await page.getByRole("button", { name: "Sign in" }).click();
    expect((await answer).status()).toBe(401);
    await expect(page.getByRole("alert").filter({ hasText: "Invalid email or password." })).toBeVisible();
  }
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Too many failed attempts for this email" })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});
