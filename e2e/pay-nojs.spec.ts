/**
 * Before (and without) JavaScript: the QR page's first QR code is in the server's HTML, and on the pay
 * page signing in and paying are forms that post.
 */
import { expect, test } from "@playwright/test";
import { PASSWORD } from "./support/accounts";
import { createRequest, newPayer, startPayWorld, type PayWorld } from "./support/pay-world";

let world: PayWorld;

test.beforeAll(async () => {
  world = await startPayWorld("pay-nojs");
});

test.afterAll(async () => {
  await world?.close();
});

test.use({ javaScriptEnabled: false });

test("sign in and pay a request with JavaScript off; then the QR page shows its QR code from the server", async ({ page }) => {
  const request = await createRequest(world, { value: { amount: "2.50", currency: "USD" } });
  const email = newPayer("pay-nojs", "10.00");
  await page.goto(`/pay/${request.id}`);

  await page.getByLabel("Email").fill("nobody@example.test");
  await page.getByLabel("Password", { exact: true }).fill("wrong password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("Invalid email or password.")).toBeVisible();

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/pay/${request.id}$`));
  await page.getByRole("button", { name: "Pay 2.50 USD" }).click();
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeVisible();
  await expect(page.getByTestId("receipt-amount")).toHaveText("2.50 USD");

  await page.goto("/wallet/pay");
  const qr = page.locator('[data-testid="qr-code"]');
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((svg) => svg.tagName.toLowerCase())).toBe("svg");
  await expect(page.getByTestId("qr-payload")).toHaveText(/"order":"http/, { useInnerText: false });
});

test("/login works with JavaScript off: a wrong password is said on the page, the right one opens the page asked for", async ({ page }) => {
  const email = newPayer("login-nojs", "1.00");
  await page.goto("/login?callbackUrl=%2Fwallet%2Freceive");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fwallet%2Freceive&signin=failed$/);
  await expect(page.getByText("Invalid email or password.")).toBeVisible();

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/wallet\/receive$/);
});
