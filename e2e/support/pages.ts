/**
 * Every page of the app and its main states, for the axe sweep (e2e/axe-sweep.spec.ts) and the screenshots
 * (scripts/screenshots.ts). One entry per page or state: who looks at it, its address in the world built by
 * buildWorld(), and what to do on it first to reach the state. A new page is one line in PAGES.
 */
import { randomBytes } from "node:crypto";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { startSimulatedMerchant, startSimulatedMerchantGateway } from "../simulators";
import type { SimulatedCounterparty } from "../simulators/counterparty-server";
import { newEmail, PASSWORD } from "./accounts";
import { createCheckout } from "./checkout";
import { walletCliAsync } from "./cli";
import { E2E_BASE_URL, E2E_GATEWAY_OCID } from "./config";
import { freshOcid, registerCounterparty } from "./registry";

/** Who looks at the page: nobody signed in, the paying customer (with money), or the merchant's owner. */
export type Viewer = "anonymous" | "payer" | "owner";

export type World = {
  payer: { email: string; handle: string; token: string };
  owner: { email: string; handle: string };
  merchant: { id: string; name: string; key: string };
  requests: { open: RequestRef; paid: RequestRef; cancelled: RequestRef; expired: RequestRef & { expiresAt: number }; toPayer: RequestRef };
  spot: { url: string; path: string; locationId: string };
  checkouts: { open: string; paid: string };
  receiptTxid: string;
  /** The till that posts orders to /wallet/pay (a simulated Opencharge merchant). */
  till: SimulatedCounterparty;
  close: () => Promise<void>;
};
type RequestRef = { id: string; shortCode: string };

export type SweepEntry = {
  name: string;
  as: Viewer;
  path: (world: World) => string;
  /** Brings the page into its state after it has loaded (and waits for it). */
  prepare?: (page: Page, world: World) => Promise<void>;
};

const m = (world: World) => `/merchant/${world.merchant.id}`;

export const PAGES: SweepEntry[] = [
  // Public
  { name: "home", as: "anonymous", path: () => "/" },
  { name: "login", as: "anonymous", path: () => "/login" },
  { name: "signup", as: "anonymous", path: () => "/signup" },
  { name: "404", as: "anonymous", path: () => "/no-such-page", prepare: async (page) => void (await expect(page.getByRole("heading", { level: 1 })).toBeVisible()) },
  // Wallet
  { name: "wallet", as: "payer", path: () => "/wallet" },
  { name: "wallet-pay-qr", as: "payer", path: () => "/wallet/pay", prepare: async (page) => void (await expect(page.getByRole("timer")).toBeVisible()) },
  { name: "wallet-pay-order", as: "payer", path: () => "/wallet/pay", prepare: arrivingOrder },
  { name: "wallet-scan", as: "payer", path: () => "/wallet/scan" },
  { name: "wallet-send", as: "payer", path: () => "/wallet/send" },
  { name: "wallet-receive", as: "payer", path: () => "/wallet/receive" },
  { name: "wallet-add-money", as: "payer", path: () => "/wallet/add-money" },
  { name: "wallet-requests", as: "payer", path: () => "/wallet/requests" },
  { name: "wallet-tokens", as: "payer", path: () => "/wallet/tokens" },
  { name: "wallet-account", as: "payer", path: () => "/wallet/account", prepare: heading("Account") },
  { name: "wallet-receipt", as: "payer", path: (w) => `/wallet/receipts/${w.receiptTxid}`, prepare: heading("Receipt") },
  { name: "user-pay-form", as: "payer", path: (w) => `/u/${w.owner.handle}` },
  // Paying
  { name: "pay-open", as: "payer", path: (w) => `/pay/${w.requests.open.id}`, prepare: button(/^Pay/) },
  { name: "pay-open-signed-out", as: "anonymous", path: (w) => `/pay/${w.requests.open.id}`, prepare: heading("Sign in to pay") },
  { name: "pay-paid", as: "payer", path: (w) => `/pay/${w.requests.paid.id}`, prepare: heading("Already paid") },
  { name: "pay-expired", as: "payer", path: (w) => `/pay/${w.requests.expired.id}`, prepare: expiredRequest },
  { name: "pay-cancelled", as: "payer", path: (w) => `/pay/${w.requests.cancelled.id}`, prepare: heading("This request was cancelled") },
  { name: "pay-by-code", as: "payer", path: (w) => `/pay?code=${w.requests.open.shortCode}`, prepare: button(/^Pay/) },
  { name: "pay-enter-code", as: "payer", path: () => "/pay" },
  { name: "checkout-open", as: "payer", path: (w) => `/checkout/${w.checkouts.open}`, prepare: button(/^Pay/) },
  { name: "checkout-open-signed-out", as: "anonymous", path: (w) => `/checkout/${w.checkouts.open}` },
  { name: "checkout-paid", as: "payer", path: (w) => `/checkout/${w.checkouts.paid}`, prepare: heading(/Receipt|This order has been paid/) },
  { name: "spot", as: "payer", path: (w) => w.spot.path },
  { name: "spot-signed-out", as: "anonymous", path: (w) => w.spot.path },
  // Merchant
  { name: "merchants", as: "owner", path: () => "/merchant" },
  { name: "merchant", as: "owner", path: m },
  { name: "pos", as: "owner", path: (w) => `${m(w)}/pos`, prepare: async (page) => void (await expect(page.locator("#pos-amount")).toBeFocused()) },
  { name: "pos-qr", as: "owner", path: (w) => `${m(w)}/pos`, prepare: posRequest },
  { name: "pos-paid", as: "owner", path: (w) => `${m(w)}/pos`, prepare: posPaid },
  { name: "tables", as: "owner", path: (w) => `${m(w)}/tables` },
  { name: "print-sheet", as: "owner", path: (w) => `${m(w)}/locations/${w.spot.locationId}/print` },
];

function heading(name: string | RegExp) {
  return async (page: Page) => void (await expect(page.getByRole("heading", { name }).first()).toBeVisible());
}

function button(name: string | RegExp) {
  return async (page: Page) => void (await expect(page.getByRole("button", { name }).first()).toBeVisible());
}

async function expiredRequest(page: Page, world: World) {
  const wait = world.requests.expired.expiresAt - Date.now();
  if (wait > 0) {
    await page.waitForTimeout(wait + 500);
    await page.reload();
  }
  await expect(page.getByRole("button", { name: /^Pay/ })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: /expired/i }).first()).toBeVisible();
}

/** /wallet/pay after a till has scanned the QR code and posted its order. */
async function arrivingOrder(page: Page, world: World) {
  await page.getByText("Show code").click();
  const payload = JSON.parse(await page.getByTestId("qr-payload").innerText()) as { order: string };
  const order = world.till.buildOrder({
    amount: "7.50",
    items: [
      { id: "latte", name: "Oat latte", quantity: 1, price: "4.50" },
      { id: "bun", name: "Cinnamon bun", quantity: 2, price: "3.00" },
    ],
    memo: "Thanks for visiting!",
  });
  const response = await world.till.signedFetch(payload.order, {
    method: "POST",
    body: { order, signature: world.till.signOrder(order), urls: { completed: `${world.till.url}/done`, cancelled: `${world.till.url}/cancel` } },
  });
  expect(response.status).toBe(200);
  await expect(page.getByRole("button", { name: "Confirm payment" })).toBeVisible();
}

async function posRequest(page: Page) {
  // Focus in the amount field is the sign that the till has hydrated (a click before would post the form natively).
  await expect(page.getByLabel("Amount")).toBeFocused();
  await page.getByLabel("Amount").fill("4.20");
  await page.getByLabel("Description (optional)").fill("Two coffees");
  await page.getByRole("button", { name: "Request payment" }).click();
  await expect(page.getByTestId("pos-short-code")).toBeVisible();
}

async function posPaid(page: Page, world: World) {
  await posRequest(page);
  const code = (await page.getByTestId("pos-short-code").innerText()).trim();
  const found = await fetch(`${E2E_BASE_URL}/api/wallet/payment-requests?code=${encodeURIComponent(code)}`, {
    headers: { authorization: `Bearer ${world.payer.token}` },
  });
  const { id } = (await found.json()) as { id: string };
  await payRequest(world.payer.token, id);
  await expect(page.getByRole("heading", { name: "Paid" })).toBeFocused();
}

async function payRequest(token: string, id: string): Promise<string> {
  const paid = await fetch(`${E2E_BASE_URL}/api/wallet/payment-requests/${id}/pay`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  expect(paid.status, await paid.clone().text()).toBe(200);
  return ((await paid.json()) as { txid: string }).txid;
}

async function merchantApi<T>(key: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${E2E_BASE_URL}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status, `${path}: ${await response.clone().text()}`).toBeLessThan(300);
  return (await response.json()) as T;
}

/** Everything the pages need: two users, a merchant with requests in every state, a place and a table, checkouts. */
export async function buildWorld(): Promise<World> {
  const tag = randomBytes(3).toString("hex");
  const payer = { email: newEmail("sweep-payer"), handle: `ana_${tag}` };
  const owner = { email: newEmail("sweep-owner"), handle: `ben_${tag}` };
  await walletCliAsync("user:create", "--email", payer.email, "--password", PASSWORD, "--name", "Ana Payer", "--handle", payer.handle);
  await walletCliAsync("user:create", "--email", owner.email, "--password", PASSWORD, "--name", "Ben Owner", "--handle", owner.handle);
  await walletCliAsync("topup", "--email", payer.email, "--amount", "5000.00", "--currency", "USD");
  const token = await walletCliAsync("token:create", "--email", payer.email);
  const created = JSON.parse(await walletCliAsync("merchant:create", "--email", owner.email, "--name", "Corner Café", "--handle", `cafe_${tag}`)) as { id: string };
  const key = await walletCliAsync("merchant:key", "--merchant", created.id);

  type Created = { id: string; shortCode: string; expiresAt: string };
  const expired = await merchantApi<Created>(key, "/api/payment-requests", { value: { amount: "3.00", currency: "USD" }, expirySeconds: 10 });
  const open = await merchantApi<Created>(key, "/api/payment-requests", {
    value: { amount: "6.00", currency: "USD" },
    description: "Lunch for two",
    lineItems: [
      { name: "Soup", qty: 2, price: "4.00" },
      { name: "Bread", qty: 1, price: "2.00" },
    ],
    expirySeconds: 3600,
  });
  const paid = await merchantApi<Created>(key, "/api/payment-requests", { value: { amount: "4.50", currency: "USD" }, description: "Flat white", expirySeconds: 3600 });
  await payRequest(token, paid.id);
  const cancelled = await merchantApi<Created>(key, "/api/payment-requests", { value: { amount: "2.00", currency: "USD" }, expirySeconds: 3600 });
  await merchantApi(key, `/api/payment-requests/${cancelled.id}/cancel`, { reason: "Customer left" });
  const toPayer = await merchantApi<Created>(key, "/api/payment-requests", {
    value: { amount: "12.00", currency: "USD" },
    description: "Birthday cake",
    payer: payer.handle,
    expirySeconds: 3600,
  });

  const location = await merchantApi<{ id: string }>(key, "/api/merchant/locations", { title: "Corner Café", address: "1 Main St" });
  const spot = await merchantApi<{ qr: string }>(key, `/api/merchant/locations/${location.id}/spots`, { identifier: "table1" });
  await merchantApi(key, `/api/merchant/locations/${location.id}/spots`, { identifier: "table2" });
  // table2 has a customer waiting, so Tables shows both kinds of card; table1 stays free for the spot page.
  const spots = await merchantApi<{ spots: Array<{ identifier: string; qr: string }> }>(key, `/api/merchant/spots?locationId=${location.id}`);
  const table2 = spots.spots.find((s) => s.identifier === "table2")!;
  const checkIn = await fetch(`${E2E_BASE_URL}/api/wallet/spots/${new URL(table2.qr).pathname.split("/").pop()}/check-in`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  expect(checkIn.status, await checkIn.clone().text()).toBeLessThan(300);

  const common = { acceptedIssuers: [E2E_GATEWAY_OCID], gatewayMetadataUrl: `${E2E_BASE_URL}/opencharge/metadata.json`, gatewayOcid: E2E_GATEWAY_OCID };
  const shop = await startSimulatedMerchant({ ocid: freshOcid(), name: "Paper & Ink Books", ...common });
  const gateway = await startSimulatedMerchantGateway({ ocid: freshOcid(), name: "Shopgate", ...common });
  const till = await startSimulatedMerchant({ ocid: freshOcid(), name: "Corner Coffee", ...common });
  for (const party of [shop, gateway, till]) registerCounterparty(party.ocid, party.metadataUrl);
  const urls = { success: "https://shop.example/success", cancel: "https://shop.example/cancel" };
  const book = {
    amount: "15.00",
    items: [
      { id: "novel", name: "A paperback novel", quantity: 1, price: "12.00" },
      { id: "bookmark", name: "Bookmark", quantity: 2, price: "3.00" },
    ],
    memo: "Gift wrapped, as asked.",
  };
  const openCheckout = await createCheckout({ gateway, merchant: shop, order: book, urls });
  const paidCheckout = await createCheckout({ gateway, merchant: shop, order: { ...book, amount: "9.00", items: [{ id: "map", name: "City map", quantity: 1, price: "9.00" }] }, urls });
  const pay = await fetch(`${E2E_BASE_URL}/api/checkout/${paidCheckout.created.session_id}/pay`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  expect(pay.status, await pay.clone().text()).toBe(200);
  const receiptTxid = ((await pay.json()) as { txid: string }).txid;

  return {
    payer: { ...payer, token },
    owner,
    merchant: { id: created.id, name: "Corner Café", key },
    requests: {
      open,
      paid,
      cancelled,
      expired: { ...expired, expiresAt: Date.parse(expired.expiresAt) },
      toPayer,
    },
    spot: { url: spot.qr, path: new URL(spot.qr).pathname, locationId: location.id },
    checkouts: { open: openCheckout.created.session_id, paid: paidCheckout.created.session_id },
    receiptTxid,
    till,
    close: async () => {
      await Promise.all([shop.close(), gateway.close(), till.close()]);
    },
  };
}

/** A signed-in browser state for each viewer (signing in through /login, as a person would). */
export async function signedInStates(browser: Browser, world: World): Promise<Record<Viewer, Awaited<ReturnType<BrowserContext["storageState"]>> | undefined>> {
  const stateOf = async (email: string) => {
    const context = await browser.newContext({ baseURL: E2E_BASE_URL });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/wallet$/);
    const state = await context.storageState();
    await context.close();
    return state;
  };
  return { anonymous: undefined, payer: await stateOf(world.payer.email), owner: await stateOf(world.owner.email) };
}

/** Opens one entry in a fresh context of `viewer` at `width`, and brings it into its state. */
export async function openEntry(
  browser: Browser,
  entry: SweepEntry,
  world: World,
  states: Awaited<ReturnType<typeof signedInStates>>,
  options: { width: number; colorScheme?: "light" | "dark"; locale?: "en" | "lt" | "es" },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: E2E_BASE_URL,
    viewport: { width: options.width, height: options.width < 600 ? 844 : 900 },
    colorScheme: options.colorScheme ?? "light",
    ...(states[entry.as] ? { storageState: states[entry.as] } : {}),
  });
  if (options.locale) await context.addCookies([{ name: "NEXT_LOCALE", value: options.locale, url: E2E_BASE_URL }]);
  const page = await context.newPage();
  const response = await page.goto(entry.path(world));
  expect(response?.status(), `${entry.name}: HTTP status`).toBe(entry.name === "404" ? 404 : 200);
  await page.waitForLoadState("load");
  await entry.prepare?.(page, world);
  return { context, page };
}
