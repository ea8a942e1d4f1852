/**
 * A session that ends mid-payment: the page says so in plain words (never a raw API message), signing in
 * again comes back to the same order, and the payment then goes through.
 */
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { PASSWORD } from "./support/accounts";
import { expectNoAxeViolations } from "./support/axe";
import { createRequest, newCheckout, newPayer, postOrderToQr, startPayWorld, type PayWorld } from "./support/pay-world";

let world: PayWorld;

test.beforeAll(async () => {
  world = await startPayWorld("session-ended");
});

test.afterAll(async () => {
  await world?.close();
});

const MESSAGE = "Your session has ended — sign in again to continue";

async function signInInline(page: Page, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function endSession(context: BrowserContext) {
  const cookies = await context.cookies();
  await context.clearCookies();
  await context.addCookies(cookies.filter((c) => !c.name.includes("next-auth.session-token")));
}

test("the checkout: the session ends, Pay says so, sign in again, same checkout, paid", async ({ page, context }) => {
  const { created } = await newCheckout(world);
  const email = newPayer("session-ended-checkout", "20.00");
  await page.goto(created.checkout_url);
  await signInInline(page, email);
  const pay = page.getByRole("button", { name: "Pay 15.00 USD" });
  await expect(pay).toBeEnabled();
  // "Verified merchant" in plain words; the details (OCID, the registry's key) on demand.
  await page.getByText("Verified merchant").click();
  await expect(page.getByText(/signed by the merchant's Opencharge ID \(OCID \d+\)/)).toBeVisible();
  await expect(page.getByTestId("item-line")).toHaveText("2 × 7.50 = 15.00 USD");
  await expectNoAxeViolations(page, "checkout with the verification details open");

  await endSession(context);
  await pay.click();
  await expect(page.getByTestId("session-ended")).toHaveText(MESSAGE);
  await expect(page.getByTestId("session-ended")).toBeFocused();
  await expectNoAxeViolations(page, "checkout, session ended");

  await signInInline(page, email);
  await expect(page).toHaveURL(created.checkout_url);
  await page.getByRole("button", { name: "Pay 15.00 USD" }).click();
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Stay on this page" })).toBeVisible();
  await page.getByRole("button", { name: "Stay on this page" }).click();
  await page.waitForTimeout(6000);
  await expect(page).toHaveURL(created.checkout_url);
});

test("the pay page: the session ends, Pay says so, sign in again, same request, paid", async ({ page, context }) => {
  const request = await createRequest(world, { value: { amount: "4.00", currency: "USD" } });
  const email = newPayer("session-ended-pay", "20.00");
  await page.goto(`/pay/${request.id}`);
  await signInInline(page, email);
  await expect(page.getByRole("button", { name: "Pay 4.00 USD" })).toBeEnabled();

  await endSession(context);
  await page.getByRole("button", { name: "Pay 4.00 USD" }).click();
  await expect(page.getByTestId("session-ended")).toHaveText(MESSAGE);

  await signInInline(page, email);
  await expect(page).toHaveURL(new RegExp(`/pay/${request.id}$`));
  await page.getByRole("button", { name: "Pay 4.00 USD" }).click();
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeFocused();
});

test("the QR page: the session ends while the code is shown, sign in again, the same pay session takes the order, paid", async ({ page, context }) => {
  const email = newPayer("session-ended-qr", "20.00");
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/wallet$/);
  await page.goto("/wallet/pay");
  await page.getByText("Show code").click();
  const payload = await page.getByTestId("qr-payload").innerText();

  await endSession(context);
  // The page polls its pay session: the next poll finds the session gone and says so.
  await expect(page.getByTestId("session-ended")).toHaveText(MESSAGE, { timeout: 15_000 });
  await expectNoAxeViolations(page, "QR page, session ended");
  await page.getByRole("link", { name: "Sign in again" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/wallet\/pay\?session=[0-9a-f]{40}$/);

  await postOrderToQr(world, payload, "7.50");
  await expect(page.getByRole("heading", { name: "Confirm this payment" })).toBeFocused();
  await expect(page.getByTestId("qr-announcement")).toHaveText("A new order has arrived. Check it and confirm the payment.");
  await expect(page.getByTestId("item-line")).toHaveText("3 × 2.50 = 7.50 USD");
  await expect(page.getByTestId("qr-balance")).toHaveText("20.00 USD");
  await page.getByRole("button", { name: "Confirm payment" }).click();
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeFocused();
  await expect(page.getByTestId("qr-announcement")).toHaveText("Paid. Your receipt is below.");
});
