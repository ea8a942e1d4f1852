import { expect, test } from "@playwright/test";
import { startSimulatedMerchant, startSimulatedMerchantGateway } from "./simulators";
import type { SimulatedCounterparty } from "./simulators/counterparty-server";
import { newEmail, PASSWORD, signUp } from "./support/accounts";
import { createCheckout } from "./support/checkout";
import { walletCli } from "./support/cli";
import { E2E_BASE_URL, E2E_GATEWAY_OCID } from "./support/config";
import { startLandingServer, type LandingServer } from "./support/landing-server";
import { freshOcid, registerCounterparty } from "./support/registry";

let merchant: SimulatedCounterparty;
let gateway: SimulatedCounterparty;
let shop: LandingServer;

test.beforeAll(async () => {
  const common = {
    acceptedIssuers: [E2E_GATEWAY_OCID],
    gatewayMetadataUrl: `${E2E_BASE_URL}/opencharge/metadata.json`,
    gatewayOcid: E2E_GATEWAY_OCID,
  };
  merchant = await startSimulatedMerchant({ ocid: freshOcid(), name: "Paper & Ink Books", ...common });
  gateway = await startSimulatedMerchantGateway({ ocid: freshOcid(), name: "Shopgate", ...common });
  registerCounterparty(merchant.ocid, merchant.metadataUrl);
  registerCounterparty(gateway.ocid, gateway.metadataUrl);
  shop = await startLandingServer();
});

test.afterAll(async () => {
  await merchant?.close();
  await gateway?.close();
  await shop?.close();
});

const urlsFor = (tag: string) => ({ success: `${shop.url}/success?cart=${tag}`, cancel: `${shop.url}/cancel?cart=${tag}` });

const bookOrder = {
  amount: "15.00",
  items: [
    { id: "novel", name: "A paperback novel", quantity: 1, price: "12.00" },
    { id: "bookmark", name: "Bookmark", quantity: 2, price: "1.50" },
  ],
  memo: "Gift wrapped, as asked.",
};

async function orderStatus(orderId: string) {
  return (await (await fetch(`${E2E_BASE_URL}/opencharge/orders/${orderId}/status`)).json()) as { status: string; txid?: string };
}

test("pay on the hosted checkout: sign up inline, fail on an empty balance, top up, pay, land on the success URL", async ({ page, context }) => {
  // Script errors (hydration mismatches included); refused API calls are expected and not script errors.
  const scriptErrors: string[] = [];
  page.on("pageerror", (error) => scriptErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) scriptErrors.push(message.text());
  });
  const urls = urlsFor("pay");
  const { order, created } = await createCheckout({ gateway, merchant, order: bookOrder, urls });
  expect(created.checkout_url).toBe(`${E2E_BASE_URL}/checkout/${created.session_id}`);

  const response = await page.goto(created.checkout_url);
  expect(response?.status()).toBe(200);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  await expect(page.getByText("Paper & Ink Books", { exact: true })).toBeVisible();
  // Plain words for the verification mark, the details (OCID, registry key) on demand.
  await expect(page.getByText("Verified merchant")).toBeVisible();
  await expect(page.getByRole("cell", { name: "A paperback novel" })).toBeVisible();
  await expect(page.getByText("Gift wrapped, as asked.")).toBeVisible();
  await expect(page.getByTestId("order-total")).toHaveText("15.00 USD");
  await expect(page.getByRole("timer")).toContainText(/\d+:\d\d/);
  await expect(page.getByRole("heading", { name: "Sign in to pay" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Pay/ })).toHaveCount(0);

  // Inline sign-up, back on the same checkout.
  const email = newEmail("checkout");
  await page.getByRole("button", { name: "Create an account" }).click();
  await expect(page.getByRole("heading", { name: "Create an account to pay" })).toBeVisible();
  await expect(page.getByLabel("Email")).toBeFocused();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  const payButton = page.getByRole("button", { name: "Pay 15.00 USD", exact: true });
  await expect(payButton).toBeVisible();
  await expect(page).toHaveURL(created.checkout_url);
  await expect(page.getByTestId("checkout-balance")).toHaveText("0.00 USD");
  await expect(page.getByText(email)).toBeVisible();

  // An empty wallet: the missing amount and "Add money" beside a Pay button that waits (issue 15 item 2).
  await expect(page.getByRole("link", { name: "Add money (opens in a new tab)" })).toHaveAttribute("href", "/wallet/add-money");
  await expect(page.getByTestId("balance-short")).toContainText("You need 15.00 USD more to pay this.");
  await expect(payButton).toBeDisabled();
  expect((await orderStatus(order.id)).status).toBe("pending");

  walletCli("topup", "--email", email, "--amount", "20.00", "--currency", "USD");
  // The page polls: the new balance shows without a reload.
  await expect(page.getByTestId("checkout-balance")).toHaveText("20.00 USD");

  // A second tab on the same checkout, to see the payment arrive there by itself.
  const otherTab = await context.newPage();
  await otherTab.goto(created.checkout_url);
  await expect(otherTab.getByRole("button", { name: "Pay 15.00 USD", exact: true })).toBeVisible();

  await expect(payButton).toBeEnabled();
  await payButton.click();
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeVisible();
  await expect(otherTab.getByRole("heading", { name: "Receipt" })).toBeVisible();
  await otherTab.close();
  const txid = (await page.getByTestId("receipt-txid").innerText()).trim();
  expect(txid).toMatch(/^oc_[0-9a-f]{32}$/);
  await expect(page.getByRole("link", { name: "Return to merchant" })).toHaveAttribute("href", urls.success);
  await expect(page.getByText(/Returning you to Paper & Ink Books in \d s/)).toBeVisible();

  // Sent back to the merchant automatically after a short pause; the browser really arrives there.
  await page.waitForURL(urls.success, { timeout: 15_000 });
  await expect(page.getByRole("heading", { name: "Shop: payment received" })).toBeVisible();
  expect(shop.visits).toContain("/success?cart=pay");

  // The merchant gateway got our signed proof at its /transfer/webhook and accepted it.
  await expect.poll(() => gateway.findProof(txid)?.outcome, { timeout: 15_000 }).toBe("accepted");
  const received = gateway.findProof(txid)!;
  // checkoutProofTo defaults to "gateway": the proof names the gateway (whose account we credit) and the session.
  expect(received.proof).toMatchObject({ issuer: E2E_GATEWAY_OCID, to: { ocid: gateway.ocid, reference: created.session_id }, amount: "15.00", currency: "USD" });
  expect(await orderStatus(order.id)).toMatchObject({ status: "paid", txid });

  const balance = await page.request.get("/api/wallet/balance");
  expect(await balance.json()).toEqual({ balances: [{ currency: "USD", amount: "5.00" }] });

  // Coming back to a paid checkout shows the receipt and does not bounce the customer forward again.
  await page.goto(created.checkout_url);
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Pay/ })).toHaveCount(0);
  // The automatic return is announced as soon as it is armed; here it is not.
  await expect(page.getByText(/Returning you to/)).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Return to merchant" })).toHaveAttribute("href", urls.success);
  expect(scriptErrors).toEqual([]);
});

test("cancel: the customer lands on the cancel URL and nothing is debited", async ({ page }) => {
  const email = newEmail("checkout-cancel");
  await signUp(page, email);
  walletCli("topup", "--email", email, "--amount", "20.00", "--currency", "USD");
  const urls = urlsFor("cancel");
  const { order, created } = await createCheckout({ gateway, merchant, order: bookOrder, urls });

  await page.goto(created.checkout_url);
  await expect(page.getByRole("button", { name: "Pay 15.00 USD", exact: true })).toBeVisible();
  await expect(page.getByTestId("checkout-balance")).toHaveText("20.00 USD");
  await page.getByRole("link", { name: "Cancel" }).click();
  await page.waitForURL(urls.cancel);
  await expect(page.getByRole("heading", { name: "Shop: checkout cancelled" })).toBeVisible();

  expect(await orderStatus(order.id)).toEqual({ orderId: order.id, status: "cancelled" });
  const balance = await page.request.get("/api/wallet/balance");
  expect(await balance.json()).toEqual({ balances: [{ currency: "USD", amount: "20.00" }] });
  expect(gateway.proofs.some((p) => (p.proof as { to?: { reference?: string } } | undefined)?.to?.reference === order.id)).toBe(false);

  // The checkout now says so honestly, and paying it is refused.
  await page.goto(created.checkout_url);
  await expect(page.getByRole("heading", { name: "Checkout cancelled" })).toBeVisible();
  const refused = await page.request.post(`/api/checkout/${created.session_id}/pay`);
  expect(refused.status()).toBe(409);
});

test("expiry: with a short order deadline the open page turns to expired by itself", async ({ page }) => {
  const urls = urlsFor("expiry");
  const expiresAt = Math.floor(Date.now() / 1000) + 4;
  const { created } = await createCheckout({ gateway, merchant, order: { ...bookOrder, expiresAt }, urls });
  expect(created.expires_at).toBe(expiresAt);

  await page.goto(created.checkout_url);
  await expect(page.getByRole("timer")).toContainText(/0:0\d/);
  await expect(page.getByRole("heading", { name: "This checkout has expired" })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByText("Nothing was charged.", { exact: false })).toBeVisible();
  const back = page.getByRole("link", { name: "Return to merchant" });
  await expect(back).toHaveAttribute("href", urls.cancel);
  await expect(page.getByRole("link", { name: "Cancel" })).toHaveCount(0);

  // The server agrees (a reload renders it from the server), and the link leads back to the merchant.
  await page.reload();
  await expect(page.getByRole("heading", { name: "This checkout has expired" })).toBeVisible();
  await back.click();
  await page.waitForURL(urls.cancel);
});

test("unknown and random checkout ids: a 404 page that reveals nothing", async ({ page }) => {
  for (const id of [`cs_${"0".repeat(40)}`, "not-a-checkout", "cs_%3Cscript%3E"]) {
    const response = await page.goto(`/checkout/${id}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Checkout not found" })).toBeVisible();
    await expect(page.locator("body")).not.toContainText(id.slice(0, 12));
  }
  const cancel = await page.request.get(`/checkout/cs_${"1".repeat(40)}/cancel`, { maxRedirects: 0 });
  expect(cancel.status()).toBe(404);
});
