/**
 * The camera scanner on /wallet/scan with Chromium's fake camera playing a video of a payment request's
 * QR code: the page decodes it in the browser (barcode-detector, its decoder served by us) and opens the
 * pay page of that request, without a request to any other origin; and a table's printed spot QR code, which
 * opens the spot page to check in.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import config from "../playwright.config";
import { newEmail, signUp } from "./support/accounts";
import { expectNoAxeViolations } from "./support/axe";
import { walletCli } from "./support/cli";
import { E2E_BASE_URL, E2E_DATA_DIR } from "./support/config";
import { writeQrCodeVideo } from "./support/fake-camera";

const video = path.join(E2E_DATA_DIR, "fake-camera.y4m");
mkdirSync(E2E_DATA_DIR, { recursive: true });
// Chromium may look at the file when it starts; the code to scan is written into it before the page asks for the camera.
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

/** A merchant (through the CLI) and an open payment request of it, created with its API key. */
async function createPaymentRequest(amount: string) {
  const ownerEmail = newEmail("scan-owner");
  walletCli("user:create", "--email", ownerEmail, "--password", "a long e2e password");
  const merchant = JSON.parse(walletCli("merchant:create", "--email", ownerEmail, "--name", "Camera Café")) as { id: string };
  const key = walletCli("merchant:key", "--merchant", merchant.id, "--scopes", "payments");
  const response = await fetch(`${E2E_BASE_URL}/api/payment-requests`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ value: { amount, currency: "USD" }, description: "Scanned at the counter" }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; url: string; shortCode: string };
}

test("the camera scans a payment request's QR code and opens its pay page, with nothing fetched from elsewhere", async ({ page }) => {
  const request = await createPaymentRequest("3.10");
  expect(request.url).toBe(`${E2E_BASE_URL}/pay/${request.id}`);
  writeQrCodeVideo(video, request.url);

  const foreign: string[] = [];
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(E2E_BASE_URL) && !url.startsWith("data:") && !url.startsWith("blob:")) foreign.push(url);
  });
  const decoderLoaded = page.waitForResponse((r) => /\/scanner\/zxing_reader-[\w.-]+\.wasm$/.test(r.url()) && r.status() === 200);

  const email = newEmail("scanner");
  await signUp(page, email);
  await page.getByRole("link", { name: "Scan QR code" }).click();
  // The scanner may decode the first frame and move on before a check of its preview could run, so the
  // proof that the camera scanner did the work is its decoder being loaded and the page it then opens.
  await expect(page).toHaveURL(`${E2E_BASE_URL}/pay/${request.id}`, { timeout: 20_000 });
  await decoderLoaded;
  await expect(page.getByText("Camera Café", { exact: true })).toBeVisible();
  await expect(page.getByTestId("request-total")).toHaveText("3.10 USD");
  await expect(page.getByRole("button", { name: /^Pay/ })).toBeVisible();
  expect(foreign).toEqual([]);
});

test("a QR code of another website opens nothing and says so", async ({ page }) => {
  writeQrCodeVideo(video, "https://evil.example/pay/pr_0123456789abcdef0123456789abcdef");
  await signUp(page, newEmail("scanner-foreign"));
  await page.goto("/wallet/scan");
  const refusal = page.getByRole("alert").filter({ hasText: "This QR code leads to another website" });
  await expect(refusal).toBeVisible({ timeout: 20_000 });
  await expect(refusal).toContainText("Nothing was opened.");
  await expect(refusal).toContainText("https://evil.example/pay/");
  await expect(page).toHaveURL(/\/wallet\/scan$/);
  // Typing the code still works beside the camera.
  await expect(page.getByLabel("Enter code")).toBeEditable();
  await expectNoAxeViolations(page, "the scanner with a live camera");
});

test("the camera scans a table's printed spot QR code and opens the spot page, where the customer checks in", async ({ page }) => {
  const ownerEmail = newEmail("scan-spot-owner");
  walletCli("user:create", "--email", ownerEmail, "--password", "a long e2e password");
  const merchant = JSON.parse(walletCli("merchant:create", "--email", ownerEmail, "--name", "Camera Café")) as { id: string };
  const key = walletCli("merchant:key", "--merchant", merchant.id, "--scopes", "payments");
  const api = (path: string, body: unknown) =>
    fetch(`${E2E_BASE_URL}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const location = (await (await api("/api/merchant/locations", { title: "Camera Café terrace" })).json()) as { id: string };
  const created = await api(`/api/merchant/locations/${location.id}/spots`, { identifier: "table7" });
  expect(created.status).toBe(201);
  const spot = (await created.json()) as { id: string; qr: string };
  expect(spot.qr).toMatch(new RegExp(`^${E2E_BASE_URL}/s/[A-Za-z0-9_-]{22}$`));
  writeQrCodeVideo(video, spot.qr);

  await signUp(page, newEmail("scan-spot-customer"));
  await page.goto("/wallet/scan");
  await expect(page).toHaveURL(spot.qr, { timeout: 20_000 });
  await expect(page.getByRole("heading", { name: "Camera Café terrace", level: 1 })).toBeVisible();
  await expect(page.getByTestId("spot-identifier")).toHaveText("table7");
  await page.getByRole("button", { name: "Check in" }).click();
  await expect(page.getByRole("heading", { name: "You’re checked in at table7" })).toBeFocused();
  // The till sees the customer waiting.
  const listed = await fetch(`${E2E_BASE_URL}/api/merchant/spots?status=waiting`, { headers: { authorization: `Bearer ${key}` } });
  expect(((await listed.json()) as { spots: { id: string }[] }).spots.map((s) => s.id)).toEqual([spot.id]);
});
