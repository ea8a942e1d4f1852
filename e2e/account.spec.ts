/**
 * /wallet/account (issue 15, item 6): change the password — a wrong current one changes nothing, the new
 * one works in a second browser, the old session elsewhere is signed out and this one stays — and "Sign out
 * other sessions". /wallet/tokens: Copy buttons for the shown-once secret, revoke asks first and removes the
 * secret. The /wallet header on a phone. Axe on every state, light and dark.
 */
import { expect, test, type Browser } from "@playwright/test";
import { newEmail, PASSWORD, signUp } from "./support/accounts";
import { expectNoAxeViolations } from "./support/axe";

const NEW_PASSWORD = "an even longer e2e password";

async function signIn(browser: Browser, email: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  return { context, page };
}

test("change password: a wrong current one changes nothing; then the new one works elsewhere and other sessions are signed out", async ({ page, browser }) => {
  const email = newEmail("account");
  await signUp(page, email);
  const elsewhere = await signIn(browser, email, PASSWORD);
  await expect(elsewhere.page).toHaveURL(/\/wallet$/);

  await page.getByRole("navigation", { name: "Your account" }).getByRole("link", { name: "Account" }).click();
  await expect(page).toHaveTitle(/^Account/);
  await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
  await expect(page.getByTestId("account-email")).toHaveText(email);
  // The rules are linked to the new-password field.
  await expect(page.getByLabel("New password", { exact: true })).toHaveAccessibleDescription(/At least 10 characters/);
  await expectNoAxeViolations(page, "/wallet/account");

  // Mismatched confirmation: said on the field, focus there, nothing sent.
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(`${NEW_PASSWORD}!`);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByLabel("Confirm new password")).toBeFocused();
  await expect(page.getByLabel("Confirm new password")).toHaveAccessibleDescription("The two new passwords are not the same.");

  // A wrong current password: a clear error on that field, and nothing changed.
  await page.getByLabel("Current password").fill("not my password at all");
  await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByLabel("Current password")).toBeFocused();
  await expect(page.locator("#account-currentPassword-error")).toHaveText("Your current password is not right. Nothing was changed.");
  await expectNoAxeViolations(page, "/wallet/account with a wrong current password");
  await elsewhere.page.goto("/wallet");
  await expect(elsewhere.page).toHaveURL(/\/wallet$/);

  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  const done = page.getByRole("status").filter({ hasText: "Password changed." });
  await expect(done).toBeVisible();
  await expect(done).toBeFocused();
  await expectNoAxeViolations(page, "/wallet/account after the password changed");

  // This session stays; the other one is signed out.
  await page.goto("/wallet");
  await expect(page).toHaveURL(/\/wallet$/);
  await elsewhere.page.goto("/wallet");
  await expect(elsewhere.page).toHaveURL(/\/login/);
  expect((await elsewhere.page.request.get("/api/wallet/balance")).status()).toBe(401);
  await elsewhere.context.close();

  // The old password no longer signs in; the new one does, in a fresh browser.
  const withOld = await signIn(browser, email, PASSWORD);
  await expect(withOld.page.getByRole("alert").filter({ hasText: "Invalid email or password." })).toBeVisible();
  await withOld.context.close();
  const withNew = await signIn(browser, email, NEW_PASSWORD);
  await expect(withNew.page).toHaveURL(/\/wallet$/);
  await withNew.context.close();
});

test("sign out other sessions: the other browser is signed out, this one stays", async ({ page, browser }) => {
  const email = newEmail("sessions");
  await signUp(page, email);
  const other = await signIn(browser, email, PASSWORD);
  await expect(other.page).toHaveURL(/\/wallet$/);

  await page.goto("/wallet/account");
  await page.getByRole("button", { name: "Sign out other sessions" }).click();
  const done = page.getByRole("status").filter({ hasText: "Every other session has been signed out." });
  await expect(done).toBeFocused();
  await expectNoAxeViolations(page, "/wallet/account after signing out other sessions");

  await other.page.reload();
  await expect(other.page).toHaveURL(/\/login/);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
  // The way home is at the end of the page too.
  await page.getByRole("link", { name: "Back to wallet" }).click();
  await expect(page).toHaveURL(/\/wallet$/);
  await other.context.close();
});

test("tokens: Copy buttons for the new secret, revoke asks first and removes the shown secret", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUp(page, newEmail("tokens2"));
  await page.getByRole("link", { name: "API tokens" }).click();
  await expect(page).toHaveTitle(/^API tokens/);
  await page.getByLabel("Token name").fill("Laptop script");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("heading", { name: "Your new token “Laptop script”" })).toBeFocused();
  const token = (await page.getByTestId("new-token").innerText()).trim();
  await page.getByRole("button", { name: "Copy token" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Token copied." })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await page.getByRole("button", { name: "Copy header" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`Authorization: Bearer ${token}`);
  await expectNoAxeViolations(page, "/wallet/tokens with a new token shown");

  // "Revoke" asks; "Keep it" changes nothing and puts focus back on "Revoke".
  await page.getByRole("button", { name: "Revoke Laptop script" }).click();
  await expect(page.getByRole("button", { name: "Yes, revoke Laptop script" })).toBeFocused();
  await expectNoAxeViolations(page, "/wallet/tokens asking to confirm a revoke");
  await page.getByRole("button", { name: "Keep it" }).click();
  await expect(page.getByRole("button", { name: "Revoke Laptop script" })).toBeFocused();
  await expect(page.getByTestId("new-token")).toHaveText(token);

  await page.getByRole("button", { name: "Revoke Laptop script" }).click();
  await page.getByRole("button", { name: "Yes, revoke Laptop script" }).click();
  await expect(page.getByRole("list", { name: "Tokens" })).toContainText("Revoked");
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "Token “Laptop script” revoked." })).toHaveCount(1);
  await expect(page.locator("body")).not.toBeFocused();
  await expectNoAxeViolations(page, "/wallet/tokens after a revoke");

  // "Done, hide it" removes the secret and moves focus on to the form, not to <body>.
  await page.getByLabel("Token name").fill("Second");
  await page.getByRole("button", { name: "Create token" }).click();
  await page.getByRole("button", { name: "Done, hide it" }).click();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await expect(page.getByLabel("Token name")).toBeFocused();
});

test("the /wallet header fits a 390 px phone: handle on the first line, the account links on one compact line", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signUp(page, newEmail("phone-header"));
  const nav = page.getByRole("navigation", { name: "Your account" });
  const boxes = await Promise.all(
    ["Account", "Merchants", "API tokens"].map((name) => nav.getByRole("link", { name }).boundingBox()).concat(nav.getByRole("button", { name: "Sign out" }).boundingBox()),
  );
  const tops = boxes.map((box) => Math.round(box!.y));
  expect(new Set(tops).size, `one line: ${tops.join(", ")}`).toBe(1);
  const handle = await page.getByTestId("wallet-handle").boundingBox();
  const brand = await page.getByRole("link", { name: "Opencharge Wallet" }).boundingBox();
  expect(Math.abs(handle!.y - brand!.y)).toBeLessThan(12);
  await expectNoAxeViolations(page, "/wallet on a phone");
  await context.close();
});
