/**
 * A session that ends mid-payment: the page says so in plain words (never a raw API message), signing in
 * again comes back to the same order, and the payment then goes through.
 */
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { PASSWORD } from "./support/accounts";
import { expectNoAxeViolations } from "./support/axe";
import { newCheckout, createRequest, newPayer, startPayWorld, type PayWorld } from "./support/pay-world";

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
