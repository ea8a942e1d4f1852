/**
 * Serves the app's Opencharge route handlers over real HTTP on 127.0.0.1, in this test process,
 * so the simulators can fetch our metadata and call our endpoints like a real counterparty would.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import * as catchAll from "@/app/opencharge/[...path]/route";
import * as capabilities from "@/app/opencharge/capabilities/route";
import * as metadata from "@/app/opencharge/metadata.json/route";

type Handler = (req: NextRequest, context: { params: Promise<Record<string, string | string[] | undefined>> }) => Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST", Handler>>;

const ROUTES: Record<string, RouteModule> = {
  "/opencharge/metadata.json": metadata,
  "/opencharge/capabilities": capabilities,
};

export async function serveRouteHandlers(extraRoutes: Record<string, RouteModule> = {}) {
  const routes = { ...ROUTES, ...extraRoutes };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    const method = (req.method ?? "GET") as "GET" | "POST";
    const handler = (routes[url.pathname] ?? (catchAll as RouteModule))[method];
    if (!handler) {
      res.writeHead(405).end();
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const response = await handler(
      new NextRequest(url, { method, headers, body: method === "GET" ? undefined : Buffer.concat(chunks) }),
      { params: Promise.resolve({}) },
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    metadataUrl: `${url}/opencharge/metadata.json`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
