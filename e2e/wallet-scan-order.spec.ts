/**
 * Protocol flow 3 in the browser: Chromium's fake camera plays a simulated merchant's order QR code on
 * /wallet/scan; the page hands the order URL to our server, which fetches the signed order from the
 * merchant's storefront, verifies it and opens the pay session; the user lands on /wallet/pay's confirm
 * screen, pays, and the merchant receives and verifies our proof.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import config from "../playwright.config";
import { startSimulatedMerchant, type SimulatedMerchant } from "./simulators/merchant";
import { newEmail, signUp } from "./support/accounts";
import { expectNoAxeViolations } from "./support/axe";
import { walletCli, walletCliAsync } from "./support/cli";
import { E2E_BASE_URL, E2E_DATA_DIR, E2E_GATEWAY_OCID } from "./support/config";
import { writeQrCodeVideo } from "./support/fake-camera";
import { freshOcid, registerCounterparty } from "./support/registry";

// A video file of its own: wallet-scan.spec.ts plays another one.
const video = path.join(E2E_DATA_DIR, "fake-camera-order.y4m");
mkdirSync(E2E_DATA_DIR, { recursive: true });
writeQrCodeVideo(video, null);

test.use({
  permissions: ["camera"],
  launchOptions: {
    ...config.use?.launchOptions,
    args: [
      ...(config.use?.launchOptions?.args ?? []),
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      `--use-file-for-fake-video-capture=${video}`,
    ],
  },
});

let merchant: SimulatedMerchant;

test.beforeAll(async () => {
  merchant = await startSimulatedMerchant({
    ocid: freshOcid(),
    acceptedIssuers: [E2E_GATEWAY_OCID],
    gatewayMetadataUrl: `${E2E_BASE_URL}/opencharge/metadata.json`,
    gatewayOcid: E2E_GATEWAY_OCID,
    name: "Pier Noodle Bar",
  });
  registerCounterparty(merchant.ocid, merchant.metadataUrl);
});

test.afterAll(async () => {
  await merchant?.close();
});

test("the camera scans a merchant's order QR code, the confirm screen opens, the user pays and the merchant gets the proof", async ({ page }) => {
  const order = merchant.buildOrder({
    amount: "8.30",
    items: [
      { id: "ramen", name: "Shoyu ramen", quantity: 1, price: "7.00" },
      { id: "tea", name: "Barley tea", quantity: 1, price: "1.30" },
    ],
    memo: "Table 12",
  });
  const orderUrl = await merchant.publishOrder(order);
  // The protocol's merchant QR payload (reference §6): {ocid, order: <order URL>, expiresAt}.
  writeQrCodeVideo(video, merchant.orderQrPayload(order, orderUrl));

  const email = newEmail("scan-order");
  await signUp(page, email);
  walletCli("topup", "--email", email, "--amount", "20.00", "--currency", "USD");
  await page.reload();
  // No check of the scanner page itself: it may decode the first frame and move on before one could run.
  await page.getByRole("link", { name: "Scan QR code" }).click();

  // Our server fetched the order (signed GET from us) and the page moved to the confirm screen.
  await expect(page).toHaveURL(/\/wallet\/pay\?session=[0-9a-f]{40}$/, { timeout: 20_000 });
  expect(merchant.orderRequests.some((r) => r.path === new URL(orderUrl).pathname && r.headers["x-oc-id"] === String(E2E_GATEWAY_OCID))).toBe(true);
  await expect(page.getByRole("heading", { name: "Confirm this payment" })).toBeVisible();
  await expect(page.getByText("Pier Noodle Bar")).toBeVisible();
  await expect(page.getByRole("cell", { name: "Shoyu ramen" })).toBeVisible();
  await expect(page.getByText("Table 12")).toBeVisible();
  await expect(page.getByTestId("order-total")).toHaveText("8.30 USD");
  await expectNoAxeViolations(page, "the confirm screen of a scanned merchant order");

  await page.getByRole("button", { name: "Confirm payment" }).click();
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeVisible();
  const txid = (await page.getByTestId("receipt-txid").innerText()).trim();
  expect(txid).toMatch(/^oc_[0-9a-f]{32}$/);

  // The merchant receives our signed proof for its order and accepts it.
  await expect.poll(() => merchant.findProof(txid)?.outcome, { timeout: 15_000 }).toBe("accepted");
  expect(merchant.findProof(txid)!.proof).toMatchObject({
    issuer: E2E_GATEWAY_OCID,
    to: { ocid: merchant.ocid, reference: order.id },
    amount: "8.30",
    currency: "USD",
  });

  await page.getByRole("link", { name: "Back to wallet" }).click();
  await expect(page.getByRole("list", { name: "Balances" })).toContainText("11.70");
  expect(await walletCliAsync("ledger:check")).toMatch(/^Ledger OK: /);
});

test("a merchant's order that cannot be paid here is refused on the scanner: it says why and nothing is charged", async ({ page }) => {
  // accepts names only another gateway: no settlement path from us. A bare order URL this time.
  const order = merchant.buildOrder({ amount: "2.00", accepts: [999] });
  const orderUrl = await merchant.publishOrder(order);
  writeQrCodeVideo(video, orderUrl);

  const email = newEmail("scan-order-refused");
  await signUp(page, email);
  walletCli("topup", "--email", email, "--amount", "5.00", "--currency", "USD");
  await page.goto("/wallet/scan");
  const refusal = page.getByRole("alert").filter({ hasText: "This merchant's order cannot be paid" });
  await expect(refusal).toBeVisible({ timeout: 20_000 });
  await expect(refusal).toContainText("Nothing was charged.");
  await expect(page).toHaveURL(/\/wallet\/scan$/);
  await expect(refusal.getByRole("button", { name: "Scan again" })).toBeVisible();
  await expectNoAxeViolations(page, "the scanner refusing a merchant order");

  await page.goto("/wallet");
  await expect(page.getByRole("list", { name: "Balances" })).toContainText("5.00");
});
