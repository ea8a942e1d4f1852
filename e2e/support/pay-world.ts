/** A merchant with a payment-request key, a checkout gateway and a shop: what the paying-page specs share. */
import { expect } from "@playwright/test";
import { startSimulatedMerchant, startSimulatedMerchantGateway } from "../simulators";
import type { SimulatedCounterparty } from "../simulators/counterparty-server";
import { newEmail, PASSWORD } from "./accounts";
import { createCheckout } from "./checkout";
import { walletCli } from "./cli";
import { E2E_BASE_URL, E2E_GATEWAY_OCID } from "./config";
import { freshOcid, registerCounterparty } from "./registry";

export type PayWorld = {
  key: string;
  merchant: SimulatedCounterparty;
  gateway: SimulatedCounterparty;
  close: () => Promise<void>;
};

export async function startPayWorld(name: string): Promise<PayWorld> {
  const ownerEmail = newEmail(`${name}-owner`);
  walletCli("user:create", "--email", ownerEmail, "--password", PASSWORD);
  const owned = JSON.parse(walletCli("merchant:create", "--email", ownerEmail, "--name", "Night Market")) as { id: string };
  const key = walletCli("merchant:key", "--merchant", owned.id, "--scopes", "payments");
  const common = { acceptedIssuers: [E2E_GATEWAY_OCID], gatewayMetadataUrl: `${E2E_BASE_URL}/opencharge/metadata.json`, gatewayOcid: E2E_GATEWAY_OCID };
  const merchant = await startSimulatedMerchant({ ocid: freshOcid(), name: "Paper & Ink Books", ...common });
  const gateway = await startSimulatedMerchantGateway({ ocid: freshOcid(), name: "Shopgate", ...common });
  registerCounterparty(merchant.ocid, merchant.metadataUrl);
  registerCounterparty(gateway.ocid, gateway.metadataUrl);
  return {
    key,
    merchant,
    gateway,
    async close() {
      await merchant.close();
      await gateway.close();
    },
  };
}

export async function createRequest(world: PayWorld, body: Record<string, unknown>) {
  const response = await fetch(`${E2E_BASE_URL}/api/payment-requests`, {
    method: "POST",
    headers: { authorization: `Bearer ${world.key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; url: string; shortCode: string };
}

export async function newCheckout(world: PayWorld, amount = "15.00") {
  return createCheckout({
    gateway: world.gateway,
    merchant: world.merchant,
    order: { amount, items: [{ id: "book", name: "A paperback novel", quantity: 2, price: "7.50" }] },
    urls: { success: "https://shop.example/success", cancel: "https://shop.example/cancel" },
  });
}

/** A spot (a café table) of the world's merchant: its printed QR URL. */
export async function createSpot(world: PayWorld, identifier: string) {
  const api = (path: string, body: unknown) =>
    fetch(`${E2E_BASE_URL}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${world.key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const location = (await (await api("/api/merchant/locations", { title: "Night Market terrace" })).json()) as { id: string };
  const created = await api(`/api/merchant/locations/${location.id}/spots`, { identifier });
  expect(created.status).toBe(201);
  return (await created.json()) as { id: string; qr: string };
}

/** The merchant posts a signed order to the pay session whose QR payload is `payloadText` (QR flow). */
export async function postOrderToQr(world: PayWorld, payloadText: string, amount = "7.50") {
  const payload = JSON.parse(payloadText) as { order: string };
  const order = world.merchant.buildOrder({ amount, items: [{ id: "latte", name: "Oat latte", quantity: 3, price: "2.50" }] });
  const response = await world.merchant.signedFetch(payload.order, {
    method: "POST",
    body: { order, signature: world.merchant.signOrder(order), urls: { completed: `${world.merchant.url}/done`, cancelled: `${world.merchant.url}/cancel` } },
  });
  expect(response.status).toBe(200);
  return order;
}

/** A wallet user made with the CLI (and topped up), not signed in. */
export function newPayer(prefix: string, topUp?: string) {
  const email = newEmail(prefix);
  walletCli("user:create", "--email", email, "--password", PASSWORD);
  if (topUp) walletCli("topup", "--email", email, "--amount", topUp, "--currency", "USD");
  return email;
}
