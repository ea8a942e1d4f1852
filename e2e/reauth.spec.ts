/**
 * A payment above PAYMENT_REAUTH_ABOVE (USD:5000 in the e2e server, e2e/support/global-setup.ts) asks for
 * the password again, inline on the page, then pays; a wrong password says so and moves nothing. Before
 * JavaScript, the pay form carries the password field itself.
 */
import { expect, test, type Page } from "@playwright/test";
import { newEmail, PASSWORD } from "./support/accounts";
import { walletCli } from "./support/cli";
import { expectNoAxeViolations } from "./support/axe";
import { createRequest, newCheckout, newPayer, startPayWorld, type PayWorld } from "./support/pay-world";

let world: PayWorld;

test.beforeAll(async () => {
  world = await startPayWorld("reauth");
});

test.afterAll(async () => {
  await world?.close();
});

async function signInInline(page: Page, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function usdBalance(page: Page): Promise<string> {
  const body = (await (await page.request.get("/api/wallet/balance")).json()) as { balances: { currency: string; amount: string }[] };
  return body.balances.find((b) => b.currency === "USD")?.amount ?? "0";
}

test("the checkout asks for the password above the limit: a wrong one is refused, the right one pays", async ({ page }) => {
  const { created } = await newCheckout(world, "6000.00");
  const email = newPayer("reauth-checkout", "7000.00");
  await page.goto(created.checkout_url);
  await signInInline(page, email);
  await page.getByRole("button", { name: "Pay 6,000.00 USD" }).click();

  const password = page.getByLabel("Password", { exact: true });
  await expect(password).toBeFocused();
  await expectNoAxeViolations(page, "checkout asking for the password");
  await password.fill("not my password");
  await page.getByRole("button", { name: "Confirm with password" }).click();
  await expect(page.getByText("That password is not correct.")).toBeVisible();
  expect(await usdBalance(page)).toBe("7000.00");

  await password.fill(PASSWORD);
  await page.getByRole("button", { name: "Confirm with password" }).click();
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeFocused();
  expect(await usdBalance(page)).toBe("1000.00");
  await page.getByRole("button", { name: "Stay on this page" }).click();
});

test("the pay page asks for the password above the limit, then pays; below it, it does not ask", async ({ page }) => {
  const big = await createRequest(world, { value: { amount: "5200.00", currency: "USD" } });
  const small = await createRequest(world, { value: { amount: "12.00", currency: "USD" } });
  const email = newPayer("reauth-pay", "6000.00");
  await page.goto(`/pay/${small.id}`);
  await signInInline(page, email);
  await page.getByRole("button", { name: "Pay 12.00 USD" }).click();
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeFocused();

  await page.goto(`/pay/${big.id}`);
  await page.getByRole("button", { name: "Pay 5,200.00 USD" }).click();
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeFocused();
  await expect(page.getByTestId("receipt-amount")).toHaveText("5,200.00 USD");
});

test("sending money above the limit asks for the password on the confirmation, then sends", async ({ page }) => {
  const email = newPayer("reauth-send", "6000.00");
  const handle = `reauth_to_${Date.now().toString(36)}`;
  walletCli("user:create", "--email", newEmail("reauth-to"), "--password", PASSWORD, "--handle", handle);
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/wallet$/);

  await page.goto("/wallet/send");
  await page.getByLabel("To").fill(handle);
  await page.getByLabel("Amount").fill("5500");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await page.getByRole("button", { name: "Send 5,500.00 USD" }).click();
  const password = page.getByLabel("Password", { exact: true });
  await expect(password).toBeFocused();
  expect(await usdBalance(page)).toBe("6000.00");
  await expectNoAxeViolations(page, "/wallet/send asking for the password");
  await password.fill("not my password");
  await page.getByRole("button", { name: "Confirm with password" }).click();
  await expect(page.getByText("That password is not correct.")).toBeVisible();
  expect(await usdBalance(page)).toBe("6000.00");

  await password.fill(PASSWORD);
  await page.getByRole("button", { name: "Confirm with password" }).click();
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeFocused();
  await expect(page.getByTestId("receipt-amount")).toHaveText("5,500.00 USD");
  expect(await usdBalance(page)).toBe("500.00");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the pay form carries the password for a payment above the limit", async ({ page }) => {
    const big = await createRequest(world, { value: { amount: "5100.00", currency: "USD" } });
    const email = newPayer("reauth-nojs", "6000.00");
    await page.goto(`/pay/${big.id}`);
    await signInInline(page, email);
    await expect(page).toHaveURL(new RegExp(`/pay/${big.id}$`));
    // Without the password the payment is refused and the page says why.
    await page.getByRole("button", { name: "Pay 5,100.00 USD" }).click();
    await expect(page).toHaveURL(/error=REAUTH_REQUIRED/);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Pay 5,100.00 USD" }).click();
    await expect(page.getByRole("heading", { name: "Receipt" })).toBeVisible();
    await expect(page.getByTestId("receipt-amount")).toHaveText("5,100.00 USD");
  });
});
