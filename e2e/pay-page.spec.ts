/**
 * The pay page's other cases, with requests made through the merchant API (a till's key): a request to pay
 * addressed to one user (hidden from visitors, "Decline" for its addressee), an amount-less request (the
 * payer types the amount and picks the currency), a split payment (what is still due), and a request that
 * is not open yet.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { newEmail, PASSWORD } from "./support/accounts";
import { walletCli } from "./support/cli";
import { E2E_BASE_URL } from "./support/config";

let key: string;

test.beforeAll(() => {
  const ownerEmail = newEmail("pay-page-owner");
  walletCli("user:create", "--email", ownerEmail, "--password", PASSWORD);
  const merchant = JSON.parse(walletCli("merchant:create", "--email", ownerEmail, "--name", "Night Market")) as { id: string };
  key = walletCli("merchant:key", "--merchant", merchant.id, "--scopes", "payments");
});

async function createRequest(body: Record<string, unknown>) {
  const response = await fetch(`${E2E_BASE_URL}/api/payment-requests`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; url: string; shortCode: string; status: string };
}

/** A wallet user with a known handle and money, signed in through /login. */
async function signedInPayer(page: Page, topUp = "50.00") {
  const handle = `payer_${randomBytes(4).toString("hex")}`;
  const email = newEmail("pay-page");
  walletCli("user:create", "--email", email, "--password", PASSWORD, "--handle", handle);
  walletCli("topup", "--email", email, "--amount", topUp, "--currency", "USD");
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/wallet$/);
  return { handle, email };
}

test("a request to pay shows nothing to a visitor but 'sign in'; its addressee can decline it", async ({ page, browser }) => {
  const { handle } = await signedInPayer(page);
  const request = await createRequest({ value: { amount: "8.00", currency: "USD" }, payer: handle, description: "Your stall fee" });

  const visitor = await browser.newContext();
  const anonymous = await visitor.newPage();
  await anonymous.goto(request.url);
  await expect(anonymous.getByRole("heading", { name: "A payment request for you" })).toBeVisible();
  await expect(anonymous.getByText("Night Market")).toHaveCount(0);
  await expect(anonymous.getByText("8.00")).toHaveCount(0);
  await visitor.close();

  await page.goto(request.url);
  await expect(page.getByText("Your stall fee")).toBeVisible();
  await expect(page.getByRole("button", { name: "Pay 8.00 USD" })).toBeVisible();
  await page.getByRole("button", { name: "Decline" }).click();
  await expect(page.getByRole("heading", { name: "This request was cancelled" })).toBeVisible();
  const read = await fetch(`${E2E_BASE_URL}/api/payment-requests/${request.id}`, { headers: { authorization: `Bearer ${key}` } });
  expect(((await read.json()) as { status: string; statusReason: string }).statusReason).toBe("Declined by the payer.");
});

test("an amount-less request: the payer types the amount and chooses the currency", async ({ page }) => {
  await signedInPayer(page);
  const request = await createRequest({ description: "Tips jar" });
  await page.goto(request.url);
  await expect(page.getByTestId("request-total")).toHaveCount(0);
  await expect(page.getByLabel("Currency")).toHaveValue("USD");
  await expect(page.getByRole("button", { name: "Pay", exact: true })).toBeVisible();
  await page.getByLabel("Amount").fill("0");
  await page.getByRole("button", { name: "Pay", exact: true }).click();
  await expect(page.getByText("Enter an amount such as 12.50.")).toBeVisible();
  await page.getByLabel("Amount").fill("3.00");
  await page.getByRole("button", { name: "Pay 3.00 USD" }).click();
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeFocused();
  await expect(page.getByTestId("receipt-amount")).toHaveText("3.00 USD");
});

test("a split payment shows what is still due and takes a part", async ({ page }) => {
  await signedInPayer(page);
  const request = await createRequest({ value: { amount: "20.00", currency: "USD" }, partialAllowed: true });
  await page.goto(request.url);
  await expect(page.getByTestId("amount-due")).toContainText("Still due: 20.00 USD");
  await page.getByLabel("Amount").fill("25.00");
  await page.getByRole("button", { name: "Pay 25.00 USD" }).click();
  await expect(page.locator("#pay-amount-error")).toContainText("more than the 20.00 USD still due");
  await page.getByLabel("Amount").fill("7.50");
  await page.getByRole("button", { name: "Pay 7.50 USD" }).click();
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeFocused();
  await expect(page.getByTestId("receipt-amount")).toHaveText("7.50 USD");
  await expect(page.getByText("12.50 USD", { exact: true })).toBeVisible();

  await page.reload();
  await expect(page.getByTestId("amount-due")).toContainText("Still due: 12.50 USD");
});

test("a request that is not open yet says when it opens, and can be paid once it does", async ({ page }) => {
  await signedInPayer(page);
  const notBefore = new Date(Date.now() + 6_000).toISOString();
  const request = await createRequest({ value: { amount: "1.00", currency: "USD" }, notBefore });
  await page.goto(request.url);
  await expect(page.getByRole("heading", { name: "Not open for payment yet" })).toBeVisible();
  await expect(page.getByRole("timer", { name: /Opens in/ })).toBeVisible();
  // Pay is there but disabled until it opens.
  await expect(page.getByRole("button", { name: "Pay 1.00 USD" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Pay 1.00 USD" })).toBeEnabled({ timeout: 15_000 });
  await page.getByRole("button", { name: "Pay 1.00 USD" }).click();
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeFocused();
});
