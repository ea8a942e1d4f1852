/**
 * Fixtures for the hosted checkout tests: a merchant whose key signs orders, merchant gateways (one per
 * proof-recipient setting) that call our /opencharge/checkout/create and verify the proofs we send them,
 * all real HTTP servers from e2e/simulators.
 */
import { POST as checkoutCreateRoute } from "@/app/opencharge/checkout/create/route";
import { startSimulatedMerchantGateway } from "@/e2e/simulators";
import { json } from "@/tests/support/factories";
import {
  GATEWAY_OCID,
  signedRequest,
  startMerchantWorld,
  useRegistry,
  type SimulatedCounterparty,
} from "@/tests/support/protocol-fixtures";

export type CheckoutWorld = {
  merchant: SimulatedCounterparty;
  otherMerchant: SimulatedCounterparty;
  /** checkoutProofTo "merchant" (a setting): proofs name {merchant OCID, order id}. */
  gateway: SimulatedCounterparty;
  /** checkoutProofTo "gateway" (the default): proofs name {gateway OCID, checkout session id}. */
  sessionGateway: SimulatedCounterparty;
  close(): Promise<void>;
};

export async function startCheckoutWorld(firstOcid: number): Promise<CheckoutWorld> {
  const merchantWorld = await startMerchantWorld(2, firstOcid);
  const [merchant, otherMerchant] = merchantWorld.merchants as [SimulatedCounterparty, SimulatedCounterparty];
  const gatewayOptions = { acceptedIssuers: [GATEWAY_OCID], gatewayMetadataUrl: merchantWorld.gatewayMetadataUrl, gatewayOcid: GATEWAY_OCID };
  const gateway = await startSimulatedMerchantGateway({ ocid: firstOcid + 50, ...gatewayOptions });
  const sessionGateway = await startSimulatedMerchantGateway({ ocid: firstOcid + 51, ...gatewayOptions });
  useRegistry({
    [merchant.ocid]: merchant.metadataUrl,
    [otherMerchant.ocid]: otherMerchant.metadataUrl,
    [gateway.ocid]: { metadataUrl: gateway.metadataUrl, checkoutProofTo: "merchant" },
    [sessionGateway.ocid]: sessionGateway.metadataUrl,
  });
  return {
    merchant,
    otherMerchant,
    gateway,
    sessionGateway,
    async close() {
      for (const party of [gateway, sessionGateway]) await party.close();
      await merchantWorld.close();
    },
  };
}

type OrderPartial = Parameters<SimulatedCounterparty["buildOrder"]>[0];

/** A checkout/create body: an order built and signed by `merchant`, with https redirect URLs. */
export function checkoutBody(merchant: SimulatedCounterparty, partial: OrderPartial = {}) {
  const order = merchant.buildOrder({
    amount: "15.00",
    items: [
      { id: "sku_1", name: "Blue T-shirt", quantity: 1, price: "10.00" },
      { id: "sku_2", name: "Socks", quantity: 2, price: "2.50" },
    ],
    memo: "Thank you for your order",
    ...partial,
  });
  return {
    order,
    signature: merchant.signOrder(order),
    merchantOcid: merchant.ocid,
    urls: { success: "https://shop.example/checkout/success?order=1", cancel: "https://shop.example/checkout/cancel?order=1" },
  };
}

export const ctx = <P extends Record<string, string>>(params: P) => ({ params: Promise.resolve(params) });

export function postCheckout(sender: SimulatedCounterparty, body: unknown) {
  return checkoutCreateRoute(signedRequest(sender, "POST", "/opencharge/checkout/create", body), ctx({}));
}

export type CheckoutCreated = { checkout_url: string; session_id: string; expires_at: number };

/** Creates a session through the real route; the gateway tracks the order so it can verify our proof. */
export async function createCheckout(gateway: SimulatedCounterparty, merchant: SimulatedCounterparty, partial: OrderPartial = {}) {
  const body = checkoutBody(merchant, partial);
  const response = await postCheckout(gateway, body);
  if (response.status !== 200) throw new Error(`checkout/create answered ${response.status}: ${await response.text()}`);
  const created = (await json(response)) as CheckoutCreated;
  gateway.trackOrder(body.order);
  gateway.trackOrder(body.order, created.session_id);
  return { body, created };
}

export { paymentCounts as counts } from "@/tests/support/factories";
