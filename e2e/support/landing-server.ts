import http from "node:http";
import type { AddressInfo } from "node:net";

export type LandingServer = {
  /** Base URL, e.g. http://127.0.0.1:41234. */
  url: string;
  /** Paths (with query) the browser arrived at, in order. */
  visits: string[];
  close(): Promise<void>;
};

/**
 * The merchant's success and cancel pages for checkout runs: a tiny HTTP server the browser really
 * lands on after the checkout, answering a page whose heading names the path it was asked for.
 */
export async function startLandingServer(): Promise<LandingServer> {
  const visits: string[] = [];
  const server = http.createServer((req, res) => {
    const path = req.url ?? "/";
    visits.push(path);
    const title = path.startsWith("/success") ? "Shop: payment received" : path.startsWith("/cancel") ? "Shop: checkout cancelled" : "Shop";
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    visits,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
