/**
 * Merchant-presented payments end to end: the owner creates a merchant on /merchant and takes a payment
 * at the point of sale in the browser; another wallet user opens the request by its short code on
 * /wallet/scan and pays; the POS shows "Paid" without a reload, and the merchant page shows the money and
 * the request's log. Also the POS's expired and cancelled states, and the pay page's own states.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { newEmail, PASSWORD, signUp } from "./support/accounts";
import { expectNoAxeViolations } from "./support/axe";
import { walletCli } from "./support/cli";
import { E2E_BASE_URL } from "./support/config";

const SHORT_CODE = /^[2-9A-HJ-NP-Z]{2}-[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}$/;

/** Signs up an owner, creates a merchant on /merchant and opens its point of sale. */
async function openPointOfSale(page: Page, name: string) {
  await signUp(page, newEmail("owner"));
  await page.goto("/merchant");
  await expect(page.getByRole("heading", { name: "Merchants", level: 1 })).toBeVisible();
  await page.getByLabel("Name").fill(name);
  const handle = `shop_${randomBytes(4).toString("hex")}`;
  await page.getByLabel("Handle").fill(`@${handle}`);
  await page.getByRole("button", { name: "Create merchant" }).click();
  await expect(page).toHaveURL(/\/merchant\/m_[0-9a-f]{32}$/);
  const merchantUrl = page.url();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByText(`@${handle}`)).toBeVisible();
  await page.getByRole("link", { name: "Open point of sale" }).click();
  await expect(page).toHaveURL(/\/merchant\/m_[0-9a-f]{32}\/pos$/);
  await expect(page.getByLabel("Amount")).toBeFocused();
  return { merchantUrl, handle };
}

async function requestPayment(page: Page, amount: string, options: { description?: string; expirySeconds?: number } = {}) {
  await page.getByLabel("Amount").fill(amount);
  if (options.description) await page.getByLabel("Description (optional)").fill(options.description);
  if (options.expirySeconds) {
    await page.getByText("More options").click();
    await page.getByLabel("Time to pay (seconds)").fill(String(options.expirySeconds));
  }
  await page.getByRole("button", { name: "Request payment" }).click();
  await expect(page.getByRole("img", { name: `QR code to pay ${amount} USD to Corner Café` })).toBeVisible();
  const code = (await page.getByTestId("pos-short-code").innerText()).trim();
  expect(code).toMatch(SHORT_CODE);
  return code;
}

async function newPayer(browser: Browser, topUp?: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = newEmail("payer");
  await signUp(page, email);
  if (topUp) walletCli("topup", "--email", email, "--amount", topUp, "--currency", "USD");
  return { context, page, email };
}

test("the POS asks for 4.20 USD, a customer types the code on /wallet/scan and pays, the POS shows Paid without a reload", async ({ page, browser }) => {
  test.setTimeout(120_000); // two browsers and axe on eight screens, twice each
  const { merchantUrl } = await openPointOfSale(page, "Corner Café");
  await expect(page.getByLabel("Currency")).toHaveValue("USD");
  await expectNoAxeViolations(page, "the POS form");
  const code = await requestPayment(page, "4.20", { description: "Two coffees" });
  await expect(page.getByTestId("pos-amount")).toHaveText("4.20 USD");
  await expect(page.getByRole("timer")).toContainText(/[12]:\d\d/);
  await expect(page.getByRole("status").filter({ hasText: "Waiting for payment…" })).toBeVisible();
  await expectNoAxeViolations(page, "the POS showing its QR code");
  // The QR code's content is the request's URL (what any phone camera opens).
  const listed = await page.request.get(`${merchantUrl.replace("/merchant/", "/api/merchants/")}/payment-requests?limit=1`);
  const [created] = ((await listed.json()) as { requests: { id: string; url: string; shortCode: string }[] }).requests;
  expect(created).toMatchObject({ shortCode: code, url: `${E2E_BASE_URL}/pay/${created!.id}` });

  const payer = await newPayer(browser, "10.00");
  await payer.page.getByRole("link", { name: "Scan QR code" }).click();
  await expect(payer.page).toHaveURL(/\/wallet\/scan$/);
  // No camera in this browser: the scanner says so, and typing the code still works.
  await expect(payer.page.getByRole("alert").filter({ hasText: /camera/i })).toBeVisible();
  await expectNoAxeViolations(payer.page, "the scanner without a camera");
  await payer.page.getByLabel("Enter code").fill(code.toLowerCase());
  await payer.page.getByRole("button", { name: "Open" }).click();
  await expect(payer.page).toHaveURL(`${E2E_BASE_URL}/pay/${created!.id}`);
  await expect(payer.page.getByText("Corner Café", { exact: true })).toBeVisible();
  await expect(payer.page.getByText("Two coffees")).toBeVisible();
  await expect(payer.page.getByTestId("request-total")).toHaveText("4.20 USD");
  await expect(payer.page.getByRole("timer")).toBeVisible();
  await expect(payer.page.getByTestId("pay-balance")).toHaveText("10.00 USD");
  await expectNoAxeViolations(payer.page, "the pay page");
  await payer.page.getByRole("button", { name: "Pay 4.20 USD" }).click();

  await expect(payer.page.getByRole("heading", { name: "Receipt" })).toBeFocused();
  await expect(payer.page.getByText("Payment complete")).toBeVisible();
  await expect(payer.page.getByTestId("receipt-amount")).toHaveText("4.20 USD");
  await expect(payer.page.getByTestId("receipt-txid")).toHaveText(/^oc_[0-9a-f]{32}$/);
  await expectNoAxeViolations(payer.page, "the receipt");

  // The POS sees it by polling: no reload.
  await expect(page.getByRole("heading", { name: "Paid" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Paid" })).toBeFocused();
  await expect(page.getByTestId("pos-result-amount")).toHaveText("4.20 USD");
  await expectNoAxeViolations(page, "the POS showing Paid");

  // Opening the paid request again says so honestly.
  await payer.page.goto(`/pay?code=${code}`);
  await expect(payer.page.getByRole("heading", { name: "Already paid" })).toBeVisible();
  await expect(payer.page.getByRole("button", { name: /^Pay/ })).toHaveCount(0);

  await page.goto(merchantUrl);
  await expect(page.getByTestId("merchant-balance-USD")).toHaveText(/4\.20/);
  const row = page.getByTestId("payment-request").filter({ hasText: code });
  await expect(row.getByText("DONE", { exact: true }).first()).toBeVisible();
  await expect(row).toContainText("Paid 4.20 USD · refunded 0.00 USD");
  await row.getByText("Log and payments").click();
  await expect(row.getByRole("list", { name: `Status log of ${code}` }).getByRole("listitem")).toHaveText([/^CREATED/, /^DONE/]);
  await expect(row.getByRole("list", { name: `Payments of ${code}` })).toContainText("Payment 4.20 USD");
  await expectNoAxeViolations(page, "the merchant page");

  // Pay out moves the merchant's money to the owner's wallet.
  await page.getByLabel("Amount").fill("4.20");
  await page.getByRole("button", { name: "Pay out" }).click();
  await expect(page.getByText("Paid out 4.20 USD to your wallet.")).toBeVisible();
  await expect(page.getByTestId("merchant-balance-USD")).toHaveText(/0\.00/);
  await payer.context.close();
});

test("the POS shows Expired when nobody pays in time", async ({ page }) => {
  test.setTimeout(60_000);
  await openPointOfSale(page, "Corner Café");
  await requestPayment(page, "1.50", { expirySeconds: 10 });
  await expect(page.getByRole("timer")).toContainText(/0:(0\d|10)/);
  await expect(page.getByRole("heading", { name: "Expired" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("Nothing was paid before the code expired.")).toBeVisible();
  await page.getByRole("button", { name: "New sale" }).click();
  await expect(page.getByLabel("Amount")).toBeFocused();
});

test("Cancel request shows Cancelled; the customer's pay page says it was cancelled; New sale starts again", async ({ page, browser }) => {
  await openPointOfSale(page, "Corner Café");
  const code = await requestPayment(page, "2.00");
  const payer = await newPayer(browser, "5.00");
  await payer.page.goto(`/pay?code=${code}`);
  await expect(payer.page.getByRole("button", { name: "Pay 2.00 USD" })).toBeVisible();

  await page.getByRole("button", { name: "Cancel request" }).click();
  await expect(page.getByRole("heading", { name: "Cancelled" })).toBeFocused();
  await expect(page.getByTestId("pos-result-amount")).toHaveText("2.00 USD");
  // The open pay page learns it by polling.
  await expect(payer.page.getByRole("heading", { name: "This request was cancelled" })).toBeVisible();
  await expect(payer.page.getByRole("button", { name: /^Pay/ })).toHaveCount(0);

  await page.getByRole("button", { name: "New sale" }).click();
  await expect(page.getByLabel("Amount")).toBeFocused();
  await expect(page.getByRole("button", { name: "Request payment" })).toBeVisible();
  await payer.context.close();
});

test("the pay page: inline sign-in from a phone camera, not enough money then a top-up, mistyped and unknown codes, 404s", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const { merchantUrl } = await openPointOfSale(page, "Corner Café");
  const code = await requestPayment(page, "6.00");
  const listed = await page.request.get(`${merchantUrl.replace("/merchant/", "/api/merchants/")}/payment-requests?limit=1`);
  const [created] = ((await listed.json()) as { requests: { id: string; url: string }[] }).requests;

  // A phone camera opens the QR URL in a browser without a session.
  const context = await browser.newContext();
  const phone = await context.newPage();
  const response = await phone.goto(created!.url);
  expect(response?.status()).toBe(200);
  expect(await phone.locator('meta[name="robots"]').getAttribute("content")).toContain("noindex");
  await expect(phone.getByText("Corner Café", { exact: true })).toBeVisible();
  await expect(phone.getByTestId("request-total")).toHaveText("6.00 USD");
  await expect(phone.getByRole("heading", { name: "Sign in to pay" })).toBeVisible();
  await expectNoAxeViolations(phone, "the pay page without a session");
  const email = newEmail("phone");
  walletCli("user:create", "--email", email, "--password", PASSWORD);
  walletCli("topup", "--email", email, "--amount", "2.00", "--currency", "USD");
  await phone.getByLabel("Email").fill(email);
  await phone.getByLabel("Password").fill(PASSWORD);
  await phone.getByRole("button", { name: "Sign in" }).click();

  // The same request, now payable, but the balance is short.
  await expect(phone).toHaveURL(created!.url);
  await expect(phone.getByTestId("pay-balance")).toHaveText("2.00 USD");
  // Issue 15: the shortfall and "Add money" beside a Pay button that waits until the balance covers it.
  await expect(phone.getByTestId("balance-short")).toContainText("You need 4.00 USD more to pay this.");
  await expect(phone.getByRole("link", { name: "Add money (opens in a new tab)" })).toHaveAttribute("href", "/wallet/add-money");
  await expect(phone.getByRole("button", { name: "Pay 6.00 USD" })).toBeDisabled();

  walletCli("topup", "--email", email, "--amount", "10.00", "--currency", "USD");
  await expect(phone.getByRole("button", { name: "Pay 6.00 USD" })).toBeEnabled({ timeout: 15_000 });
  await phone.getByRole("button", { name: "Pay 6.00 USD" }).click();
  await expect(phone.getByRole("heading", { name: "Receipt" })).toBeFocused();
  await expect(page.getByRole("heading", { name: "Paid" })).toBeVisible();

  // A mistyped code (one character changed: the check character refuses it) and a code of nothing.
  const last = code.at(-1)!;
  const typo = code.slice(0, -1) + (last === "Z" ? "Y" : "Z");
  await phone.goto("/wallet/scan");
  await phone.getByLabel("Enter code").fill(typo);
  await phone.getByRole("button", { name: "Open" }).click();
  await expect(phone).toHaveURL(/\/pay\?code=/);
  await expect(phone.getByRole("alert").filter({ hasText: "mistyped" })).toHaveText("This code is not valid: a character is mistyped. Check it and type it again.");
  await expect(phone.getByLabel("Enter code")).toHaveValue(typo);
  await expect(phone.getByLabel("Enter code")).toBeFocused();
  await expectNoAxeViolations(phone, "a mistyped code");

  await phone.goto("/pay/pr_00000000000000000000000000000000");
  await expect(phone.getByRole("heading", { name: "Payment request not found" })).toBeVisible();
  expect((await phone.request.get("/pay/pr_00000000000000000000000000000000")).status()).toBe(404);
  expect((await phone.request.get("/pay/not-an-id")).status()).toBe(404);
  // Someone else's merchant and its point of sale are 404 too.
  expect((await phone.request.get(merchantUrl)).status()).toBe(404);
  expect((await phone.request.get(`${merchantUrl}/pos`)).status()).toBe(404);
  await context.close();
});
