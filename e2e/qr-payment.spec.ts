import { expect, test } from "@playwright/test";
import { startSimulatedMerchant } from "./simulators";
import type { SimulatedCounterparty } from "./simulators/counterparty-server";
import { newEmail, signUp } from "./support/accounts";
import { walletCli } from "./support/cli";
import { E2E_BASE_URL, E2E_GATEWAY_OCID } from "./support/config";
import { freshOcid, registerCounterparty } from "./support/registry";

let merchant: SimulatedCounterparty;

test.beforeAll(async () => {
  merchant = await startSimulatedMerchant({
    ocid: freshOcid(),
    acceptedIssuers: [E2E_GATEWAY_OCID],
    gatewayMetadataUrl: `${E2E_BASE_URL}/opencharge/metadata.json`,
    gatewayOcid: E2E_GATEWAY_OCID,
    name: "Corner Coffee",
  });
  registerCounterparty(merchant.ocid, merchant.metadataUrl);
});

test.afterAll(async () => {
  await merchant?.close();
});

/** What a till does after scanning: read the QR payload, post a signed order to the URL in it. */
async function merchantPostsOrder(payloadText: string, partial: Parameters<SimulatedCounterparty["buildOrder"]>[0] = {}) {
  const payload = JSON.parse(payloadText) as { ocid: number; order: string; expiresAt: number };
  expect(payload.ocid).toBe(E2E_GATEWAY_OCID);
  expect(payload.order).toMatch(new RegExp(`^${E2E_BASE_URL}/opencharge/orders/create/[0-9a-f]{40}$`));
  const order = merchant.buildOrder({
    amount: "7.50",
    items: [
      { id: "latte", name: "Oat latte", quantity: 1, price: "4.50" },
      { id: "bun", name: "Cinnamon bun", quantity: 1, price: "3.00" },
    ],
    memo: "Thanks for visiting!",
    ...partial,
  });
  const response = await merchant.signedFetch(payload.order, {
    method: "POST",
    body: { order, signature: merchant.signOrder(order), urls: { completed: `${merchant.url}/done`, cancelled: `${merchant.url}/cancel` } },
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { urls: { status: string } };
  return { order, statusUrl: body.urls.status };
}

test("pay by showing a QR code: the merchant posts an order, the user confirms, the merchant verifies the proof", async ({ page }) => {
  const email = newEmail("qr");
  await signUp(page, email);
  walletCli("topup", "--email", email, "--amount", "20.00", "--currency", "USD");
  await page.reload();

  await page.getByRole("button", { name: "Show QR code" }).click();
  await expect(page).toHaveURL(/\/wallet\/pay$/);
  await expect(page.getByRole("img", { name: "QR code to pay" })).toBeVisible();
  await expect(page.getByRole("timer")).toContainText(/4:5\d|5:00/);

  await page.getByText("Show code").click();
  const payloadText = await page.getByTestId("qr-payload").innerText();
  const { order, statusUrl } = await merchantPostsOrder(payloadText);

  // The order arrives without a reload.
  await expect(page.getByRole("heading", { name: "Confirm this payment" })).toBeVisible();
  await expect(page.getByText("Corner Coffee")).toBeVisible();
  await expect(page.getByRole("cell", { name: "Oat latte" })).toBeVisible();
  await expect(page.getByText("Thanks for visiting!")).toBeVisible();
  await expect(page.getByTestId("order-total")).toHaveText("7.50 USD");

  await page.getByRole("button", { name: "Confirm payment" }).click();
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeVisible();
  const txid = (await page.getByTestId("receipt-txid").innerText()).trim();
  expect(txid).toMatch(/^oc_[0-9a-f]{32}$/);

  // The proof reaches the merchant's webhook, signed by us, and the merchant accepts it.
  await expect.poll(() => merchant.findProof(txid)?.outcome, { timeout: 15_000 }).toBe("accepted");
  const received = merchant.findProof(txid)!;
  expect(received.proof).toMatchObject({ issuer: E2E_GATEWAY_OCID, to: { ocid: merchant.ocid, reference: order.id }, amount: "7.50", currency: "USD" });

  const status = await (await fetch(statusUrl)).json();
  expect(status).toMatchObject({ orderId: order.id, status: "paid", txid });

  await page.getByRole("link", { name: "Back to wallet" }).click();
  await expect(page.getByRole("list", { name: "Balances" })).toContainText("12.50");
  await page.getByRole("list", { name: "Transactions" }).getByRole("link", { name: "Payment to Corner Coffee" }).click();
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeVisible();
  await expect(page.getByTestId("receipt-txid")).toHaveText(txid);
  await expect(page.getByRole("cell", { name: "Cinnamon bun" })).toBeVisible();
  // The merchant accepted the proof, and the receipt says so (the outbox records the answer just after).
  await expect
    .poll(async () => {
      await page.reload();
      return page.getByTestId("receipt-acknowledgement").innerText();
    }, { timeout: 10_000 })
    .toBe("The merchant has confirmed receipt of this payment.");
});

test("insufficient funds, then decline: nothing is charged", async ({ page }) => {
  await signUp(page, newEmail("qr-poor"));
  await page.goto("/wallet/pay");
  await page.getByText("Show code").click();
  await merchantPostsOrder(await page.getByTestId("qr-payload").innerText(), { amount: "3.00", items: undefined, memo: undefined });

  // Short of money: the shortfall and "Add money" beside a Confirm button that waits (issue 15 item 2).
  await expect(page.getByTestId("balance-short")).toContainText("You need 3.00 USD more to pay this.");
  await expect(page.getByRole("link", { name: "Add money (opens in a new tab)" })).toHaveAttribute("href", "/wallet/add-money");
  await expect(page.getByRole("button", { name: "Confirm payment" })).toBeDisabled();
  await page.getByRole("button", { name: "Decline" }).click();
  await expect(page.getByRole("heading", { name: "Payment declined" })).toBeVisible();
  await expect(page.getByText("Nothing was charged.")).toBeVisible();
});
