import { expect } from "@playwright/test";
import type { SimulatedCounterparty, SimulatedOrder } from "../simulators/counterparty-server";
import { E2E_BASE_URL } from "./config";

export type CreatedCheckout = { checkout_url: string; session_id: string; expires_at: number };

/**
 * What a merchant gateway does for a merchant's customer: posts the merchant's signed order to our
 * POST /opencharge/checkout/create, signed with its own key, and gets the checkout URL back. The gateway
 * then tracks the order (by order id and by session id) so it can verify the proof we send it.
 */
export async function createCheckout(options: {
  gateway: SimulatedCounterparty;
  merchant: SimulatedCounterparty;
  order?: Partial<SimulatedOrder>;
  urls: { success: string; cancel: string };
}): Promise<{ order: SimulatedOrder; created: CreatedCheckout }> {
  const { gateway, merchant } = options;
  const order = merchant.buildOrder(options.order);
  const response = await gateway.signedFetch(`${E2E_BASE_URL}/opencharge/checkout/create`, {
    method: "POST",
    body: { order, signature: merchant.signOrder(order), merchantOcid: merchant.ocid, urls: options.urls },
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const created = (await response.json()) as CreatedCheckout;
  gateway.trackOrder(order);
  gateway.trackOrder(order, created.session_id);
  return { order, created };
}
