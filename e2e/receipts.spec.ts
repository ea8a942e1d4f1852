/**
 * Receipts (issue 15, item 7): every history entry opens a receipt — a top-up, a transfer on both sides, a
 * refund — with status, amount, counterparty, time, the transaction id and Copy, Print and Share; another
 * user's receipt is a 404 whose title says so. Axe on each, light and dark.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type Browser } from "@playwright/test";
import { newEmail, PASSWORD } from "./support/accounts";
import { expectNoAxeViolations } from "./support/axe";
import { walletCli } from "./support/cli";
import { E2E_BASE_URL } from "./support/config";

async function newUser(browser: Browser, topUp?: string) {
  const handle = `rc_${randomBytes(4).toString("hex")}`;
  const email = newEmail("receipts");
  walletCli("user:create", "--email", email, "--password", PASSWORD, "--handle", handle);
  if (topUp) walletCli("topup", "--email", email, "--amount", topUp, "--currency", "USD");
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/wallet$/);
  return { context, page, handle, email };
}

test("top-up and transfer receipts from the history, on both sides; someone else's is a 404", async ({ browser }) => {
  const ada = await newUser(browser, "25.00");
  const bob = await newUser(browser);
  const sent = await ada.page.request.post("/api/wallet/transfers", { data: { to: bob.handle, amount: "7.25", currency: "USD", memo: "Concert tickets" } });
  expect(sent.status()).toBe(201);
  const { txid } = (await sent.json()) as { txid: string };

  // The top-up.
  await ada.page.reload();
  const history = ada.page.getByRole("list", { name: "Transactions" });
  await history.getByRole("link", { name: "Top-up" }).click();
  await expect(ada.page.getByRole("heading", { level: 1, name: "Receipt" })).toBeVisible();
  await expect(ada.page).toHaveTitle(/^Receipt: Top-up, 25\.00 USD/);
  await expect(ada.page.getByTestId("receipt-amount")).toHaveText("+25.00 USD");
  await expect(ada.page.getByTestId("receipt-status")).toHaveText("Completed");
  await expect(ada.page.getByTestId("receipt-counterparty")).toHaveText("The wallet's operator");
  await expectNoAxeViolations(ada.page, "a top-up receipt");

  // The transfer, sent: Copy puts the transaction id on the clipboard and says so.
  await ada.page.goto("/wallet");
  await history.getByRole("link", { name: `Sent to @${bob.handle} — Concert tickets` }).click();
  await expect(ada.page).toHaveURL(`${E2E_BASE_URL}/wallet/receipts/${txid}`);
  await expect(ada.page.getByRole("heading", { level: 2, name: `Sent to @${bob.handle}` })).toBeVisible();
  await expect(ada.page.getByTestId("receipt-amount")).toHaveText("−7.25 USD");
  await expect(ada.page.getByTestId("receipt-counterparty")).toContainText(`@${bob.handle}`);
  await expect(ada.page.getByTestId("receipt-txid")).toHaveText(txid);
  await expect(ada.page.getByText("Concert tickets")).toBeVisible();
  await ada.page.getByRole("button", { name: "Copy transaction ID" }).click();
  await expect(ada.page.getByRole("status").filter({ hasText: "Transaction ID copied." })).toBeVisible();
  expect(await ada.page.evaluate(() => navigator.clipboard.readText())).toBe(txid);
  // Share: no share sheet in this browser, so the receipt's link is copied.
  await ada.page.evaluate(() => Object.defineProperty(navigator, "share", { value: undefined, configurable: true }));
  await ada.page.getByRole("button", { name: "Share" }).click();
  await expect(ada.page.getByRole("status").filter({ hasText: "Link to this receipt copied." })).toBeVisible();
  expect(await ada.page.evaluate(() => navigator.clipboard.readText())).toBe(`${E2E_BASE_URL}/wallet/receipts/${txid}`);
  // Print: the chrome (header, buttons, footer) is hidden on paper.
  await ada.page.emulateMedia({ media: "print" });
  await expect(ada.page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(ada.page.getByRole("link", { name: "← Wallet" })).toBeHidden();
  await expect(ada.page.getByTestId("receipt-txid")).toBeVisible();
  await ada.page.emulateMedia({ media: "screen" });
  await expect(ada.page.getByRole("button", { name: "Print" })).toBeVisible();
  await expectNoAxeViolations(ada.page, "a receipt of a transfer sent");

  // Received, on the other side.
  await bob.page.goto("/wallet");
  await bob.page.getByRole("list", { name: "Transactions" }).getByRole("link", { name: `Received from @${ada.handle} — Concert tickets` }).click();
  await expect(bob.page.getByTestId("receipt-amount")).toHaveText("+7.25 USD");
  await expect(bob.page.getByTestId("receipt-txid")).toHaveText(txid);

  // Someone else's receipt: the 404 page, titled so; the API says NOT_FOUND.
  const carol = await newUser(browser);
  const response = await carol.page.goto(`/wallet/receipts/${txid}`);
  expect(response?.status()).toBe(404);
  await expect(carol.page).toHaveTitle(/^Receipt not found/);
  expect((await carol.page.request.get(`/api/wallet/receipts/${txid}`)).status()).toBe(404);
  for (const user of [ada, bob, carol]) await user.context.close();
});

test("a refund's receipt names the merchant and links to the request", async ({ browser }) => {
  const ownerEmail = newEmail("receipts-owner");
  walletCli("user:create", "--email", ownerEmail, "--password", PASSWORD);
  const made = JSON.parse(walletCli("merchant:create", "--email", ownerEmail, "--name", "Dawn Bakery", "--handle", `dawn_${randomBytes(4).toString("hex")}`)) as { id: string };
  const key = walletCli("merchant:key", "--merchant", made.id, "--scopes", "payments,refunds");
  const till = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const payer = await newUser(browser, "20.00");

  const created = await fetch(`${E2E_BASE_URL}/api/payment-requests`, { method: "POST", headers: till, body: JSON.stringify({ value: { amount: "12.00", currency: "USD" } }) });
  const request = (await created.json()) as { id: string };
  const paid = await payer.page.request.post(`/api/wallet/payment-requests/${request.id}/pay`, { data: {} });
  expect(paid.status()).toBe(200);
  const refunded = await fetch(`${E2E_BASE_URL}/api/payment-requests/${request.id}/refunds`, { method: "POST", headers: till, body: JSON.stringify({ amount: "2.50", externalRef: "r-1" }) });
  expect(refunded.status).toBe(201);
  const refund = (await refunded.json()) as { txid: string };

  const receipt = await payer.page.request.get(`/api/wallet/receipts/${refund.txid}`);
  expect(await receipt.json()).toMatchObject({ kind: "refund", direction: "in", amount: "2.50", paymentRequestId: request.id });
  await payer.page.goto(`/wallet/receipts/${refund.txid}`);
  await expect(payer.page.getByRole("heading", { level: 2, name: "Refund from Dawn Bakery" })).toBeVisible();
  await expect(payer.page.getByTestId("receipt-amount")).toHaveText("+2.50 USD");
  await expect(payer.page.getByRole("link", { name: "The request, with all its payments and refunds" })).toHaveAttribute("href", `/pay/${request.id}`);
  await expectNoAxeViolations(payer.page, "a refund receipt");
  await payer.context.close();
});
