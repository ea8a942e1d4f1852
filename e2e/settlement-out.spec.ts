/**
 * Settlement out, end to end through the browser (issue 14, item 3): a wallet user pays, by showing a QR
 * code, merchants whose orders do not accept us —
 *  - through a gateway G where we hold a reserve (we call G/transfer/create; G proves it to its merchant);
 *  - through a settlement provider P that the merchant's gateway G' accepts (payment/create at G',
 *    transfer/create at P, payment/settle at G').
 * The partners and merchants are real HTTP servers with their own keys (e2e/simulators); the merchant
 * verifies the partner's proof. A partner failing leaves the user's money where it was.
 */
import { expect, test, type Page } from "@playwright/test";
import { startSimulatedMerchant } from "./simulators";
import type { SimulatedCounterparty } from "./simulators/counterparty-server";
import { startPartnerGateway, type SimulatedPartnerGateway } from "./simulators/partner-gateway";
import { startSettlementProvider, type SimulatedSettlementProvider } from "./simulators/settlement-provider";
import { newEmail, signUp } from "./support/accounts";
import { walletCli } from "./support/cli";
import { E2E_BASE_URL, E2E_GATEWAY_OCID } from "./support/config";
import { freshOcid, registerCounterparty } from "./support/registry";

const OUR_METADATA = `${E2E_BASE_URL}/opencharge/metadata.json`;
let reserveGateway: SimulatedPartnerGateway;
let reserveMerchant: SimulatedCounterparty;
let provider: SimulatedSettlementProvider;
let merchantsGateway: SimulatedPartnerGateway;
let thirdPartyMerchant: SimulatedCounterparty;

test.beforeAll(async () => {
  reserveGateway = await startPartnerGateway({ ocid: freshOcid(), name: "Reserve Gateway" });
  provider = await startSettlementProvider({ ocid: freshOcid(), name: "Settlement Provider" });
  merchantsGateway = await startPartnerGateway({ ocid: freshOcid(), name: "Merchant's Gateway", acceptedProviders: { [provider.ocid]: provider.metadataUrl } });
  reserveMerchant = await startSimulatedMerchant({
    ocid: freshOcid(),
    acceptedIssuers: [reserveGateway.ocid],
    gatewayMetadataUrl: reserveGateway.metadataUrl,
    gatewayOcid: reserveGateway.ocid,
    name: "Harbour Books",
  });
  thirdPartyMerchant = await startSimulatedMerchant({
    ocid: freshOcid(),
    acceptedIssuers: [merchantsGateway.ocid],
    gatewayMetadataUrl: merchantsGateway.metadataUrl,
    gatewayOcid: merchantsGateway.ocid,
    name: "Hill Bakery",
  });
  for (const partner of [reserveGateway, provider, merchantsGateway]) partner.allowSender(E2E_GATEWAY_OCID, OUR_METADATA);
  reserveGateway.registerMerchant(reserveMerchant.ocid, reserveMerchant.endpoint);
  merchantsGateway.registerMerchant(thirdPartyMerchant.ocid, thirdPartyMerchant.endpoint);
  reserveGateway.fundReserve(E2E_GATEWAY_OCID, "1000.00");
  provider.fundAccount(E2E_GATEWAY_OCID, "1000.00");
  // What an operator configures: we hold a reserve at G and an account at P (README "Settlement out").
  registerCounterparty(reserveGateway.ocid, reserveGateway.metadataUrl, { reserve: true });
  registerCounterparty(provider.ocid, provider.metadataUrl, { provider: true });
  registerCounterparty(merchantsGateway.ocid, merchantsGateway.metadataUrl);
  for (const merchant of [reserveMerchant, thirdPartyMerchant]) registerCounterparty(merchant.ocid, merchant.metadataUrl);
});

test.afterAll(async () => {
  for (const server of [reserveMerchant, thirdPartyMerchant, reserveGateway, merchantsGateway, provider]) await server?.close();
});

/** A signed-up user with 20.00 USD on /wallet/pay; the merchant's till posts its order to the QR payload. */
async function showQrAndReceiveOrder(page: Page, merchant: SimulatedCounterparty, amount: string) {
  const email = newEmail("settle");
  await signUp(page, email);
  walletCli("topup", "--email", email, "--amount", "20.00", "--currency", "USD");
  await page.goto("/wallet/pay");
  await page.getByText("Show code").click();
  const payload = JSON.parse(await page.getByTestId("qr-payload").innerText()) as { order: string };
  const order = merchant.buildOrder({ amount, items: [{ id: "item", name: "Order", quantity: 1, price: amount }] });
  const response = await merchant.signedFetch(payload.order, {
    method: "POST",
    body: { order, signature: merchant.signOrder(order), urls: { completed: `${merchant.url}/done`, cancelled: `${merchant.url}/cancel` } },
  });
  expect(response.status, "the intake accepts an order we can settle through a partner").toBe(200);
  await expect(page.getByRole("heading", { name: "Confirm this payment" })).toBeVisible();
  return order;
}

const acceptedProofs = (merchant: SimulatedCounterparty, orderId: string) =>
  merchant.proofs.filter((p) => p.outcome === "accepted" && (p.proof as { to?: { reference?: string } }).to?.reference === orderId);

async function balanceShown(page: Page) {
  await page.goto("/wallet");
  return page.getByRole("list", { name: "Balances" }).innerText();
}

test("through our reserve at a partner gateway: the merchant accepts the partner's proof, the user is debited once", async ({ page }) => {
  const reserveBefore = Number(reserveGateway.reserveOf(E2E_GATEWAY_OCID));
  const order = await showQrAndReceiveOrder(page, reserveMerchant, "6.00");
  await expect(page.getByText("Harbour Books")).toBeVisible();
  await page.getByRole("button", { name: "Confirm payment" }).click();
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeVisible();

  const proofs = acceptedProofs(reserveMerchant, order.id);
  expect(proofs).toHaveLength(1);
  expect(proofs[0]!.proof).toMatchObject({ issuer: reserveGateway.ocid, amount: "6.00", currency: "USD", from: { ocid: E2E_GATEWAY_OCID } });
  expect(Number(reserveGateway.reserveOf(E2E_GATEWAY_OCID))).toBeCloseTo(reserveBefore - 6, 2);
  expect(await balanceShown(page)).toContain("14.00");
});

test("through a settlement provider the merchant's gateway accepts: payment/create, transfer/create, payment/settle", async ({ page }) => {
  const order = await showQrAndReceiveOrder(page, thirdPartyMerchant, "4.50");
  await page.getByRole("button", { name: "Confirm payment" }).click();
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeVisible();

  const proofs = acceptedProofs(thirdPartyMerchant, order.id);
  expect(proofs).toHaveLength(1);
  expect(proofs[0]!.proof).toMatchObject({ issuer: merchantsGateway.ocid, amount: "4.50", currency: "USD" });
  expect(await balanceShown(page)).toContain("15.50");
});

test("the partner failing (500) leaves the user's money where it was and says the payment did not go through", async ({ page }) => {
  reserveGateway.setBehaviour("transfer/create", "error500");
  try {
    const order = await showQrAndReceiveOrder(page, reserveMerchant, "3.00");
    await page.getByRole("button", { name: "Confirm payment" }).click();
    // The confirm answers 502 SETTLEMENT_FAILED once G has failed (the money posted back): the page says the
    // payment failed and nothing was charged, in its own words, not the partner's error.
    await expect(page.getByRole("heading", { name: "Payment failed" })).toBeFocused({ timeout: 30_000 });
    await expect(page.getByText("The payment could not be made. Nothing was charged.")).toBeVisible();
    await expect(page.getByText(/HTTP 500|INTERNAL_ERROR/)).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Receipt" })).toHaveCount(0);
    expect(acceptedProofs(reserveMerchant, order.id)).toHaveLength(0);
    expect(await balanceShown(page)).toContain("20.00");
  } finally {
    reserveGateway.setBehaviour("transfer/create", "ok");
  }
});
