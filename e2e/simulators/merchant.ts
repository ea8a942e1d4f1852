import http from "node:http";
import type { AddressInfo } from "node:net";
import { startCounterpartyServer, type SimulatedCounterparty, type SimulatedOrder, type SimulatorOptions } from "./counterparty-server";

/**
 * How the order URL of a published order answers (protocol flow 3): the signed order (`ok`), the
 * protocol's refusals (`not_found` 404 ORDER_NOT_FOUND, `gone` 410 ORDER_EXPIRED), or a broken storefront.
 */
export type OrderUrlBehaviour = "ok" | "not_found" | "gone" | "not_json" | "oversized" | "hang" | "redirect";

export type PublishOrderOptions = {
  behaviour?: OrderUrlBehaviour;
  /** Answer this signature instead of the merchant's own (a forged or mismatched one). */
  signature?: string;
  urls?: Record<string, unknown>;
  /** Answer exactly this JSON body instead of {order, signature, urls}. */
  body?: unknown;
};

export type SimulatedMerchant = SimulatedCounterparty & {
  /**
   * Serves the order, signed by the merchant, at its order URL and returns that URL
   * (`<storefront>/opencharge/orders/<id>`); the order is tracked for proofs like a built one.
   */
  publishOrder(order: SimulatedOrder, options?: PublishOrderOptions): Promise<string>;
  /** The text of the merchant's order QR code (reference §6): {"ocid", "order": <order URL>, "expiresAt"}. */
  orderQrPayload(order: SimulatedOrder, orderUrl: string): string;
  /** Every GET of an order URL: the path and the headers it came with. */
  orderRequests: Array<{ path: string; headers: http.IncomingHttpHeaders }>;
};

/**
 * A merchant: builds and signs orders, accepts proofs addressed to itself from `acceptedIssuers`, and
 * serves published orders at their order URLs (flow 3) like a real merchant: `GET` →
 * `{order, signature, urls}` signed with its key. The order URLs live on a storefront server of their own
 * (started on the first publishOrder), another origin than the merchant's API endpoint: nothing in the
 * protocol ties the two, and the wallet must find the merchant's key through its OCID, never the URL.
 */
export async function startSimulatedMerchant(options: SimulatorOptions): Promise<SimulatedMerchant> {
  const merchant = await startCounterpartyServer({ name: `Simulated Merchant ${options.ocid}`, ...options });
  const published = new Map<string, { order: SimulatedOrder; options: PublishOrderOptions }>();
  const orderRequests: SimulatedMerchant["orderRequests"] = [];
  let storefront: { server: http.Server; base: string } | undefined;

  const send = (res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body);
  };

  function answerOrder(req: http.IncomingMessage, res: http.ServerResponse) {
    const path = (req.url ?? "").split("?")[0] ?? "";
    orderRequests.push({ path, headers: req.headers });
    const match = /^\/opencharge\/orders\/([^/]+)$/.exec(path);
    const entry = req.method === "GET" && match?.[1] ? published.get(decodeURIComponent(match[1])) : undefined;
    const notFound = () => send(res, 404, JSON.stringify({ error: { code: "ORDER_NOT_FOUND", message: "No such order" } }));
    if (!entry) return notFound();
    const { order, options: answer } = entry;
    switch (answer.behaviour ?? "ok") {
      case "not_found":
        return notFound();
      case "gone":
        return send(res, 410, JSON.stringify({ error: { code: "ORDER_EXPIRED", message: "This order has expired" } }));
      case "not_json":
        return send(res, 200, "<html><body>Our shop</body></html>", { "content-type": "text/html" });
      case "oversized":
        return send(res, 200, JSON.stringify({ order, signature: merchant.signOrder(order), padding: "x".repeat(512 * 1024) }));
      case "hang":
        return; // never answers; close() drops the connection
      case "redirect":
        return send(res, 302, "{}", { location: `${merchant.url}/opencharge/orders/${encodeURIComponent(order.id)}` });
      default: {
        const body = answer.body ?? {
          order,
          signature: answer.signature ?? merchant.signOrder(order),
          urls: answer.urls ?? { completed: `${merchant.url}/done`, cancelled: `${merchant.url}/cancelled` },
        };
        return send(res, 200, JSON.stringify(body));
      }
    }
  }

  async function storefrontBase(): Promise<string> {
    if (!storefront) {
      const server = http.createServer(answerOrder);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      storefront = { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    }
    return storefront.base;
  }

  return {
    ...merchant,
    orderRequests,
    async publishOrder(order, publishOptions = {}) {
      merchant.trackOrder(order);
      published.set(order.id, { order, options: publishOptions });
      return `${await storefrontBase()}/opencharge/orders/${encodeURIComponent(order.id)}`;
    },
    orderQrPayload(order, orderUrl) {
      return JSON.stringify({ ocid: merchant.ocid, order: orderUrl, expiresAt: order.expiresAt ?? null });
    },
    async close() {
      if (storefront) {
        storefront.server.closeAllConnections();
        await new Promise<void>((resolve) => storefront!.server.close(() => resolve()));
      }
      await merchant.close();
    },
  };
}
