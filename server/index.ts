/**
 * The production HTTP server (`npm start` runs it after migrating and building): Next.js serves every
 * page and route, except the few protocol routes server/direct-routes.ts hands straight to their handler.
 * Environment: as loaded by scripts/start.ts, read through lib/env.ts.
 */
import http from "node:http";
import path from "node:path";
import next from "next";
import { getEnv } from "@/lib/env";

const root = path.resolve(__dirname, "..");

async function main() {
  const { PORT: port, APP_URL } = getEnv();
  const origin = new URL(APP_URL).origin;
  const app = next({ dev: false, dir: root, port, hostname: "localhost" });
  const handleWithNext = app.getRequestHandler();
  await app.prepare();
  // Imported after prepare(): route modules need the runtime Next.js installs (AsyncLocalStorage).
  const { redirectToAppOrigin, refuseMalformedPath, serveDirectRoute } = await import("./direct-routes");

  const server = http.createServer((req, res) => {
    if (refuseMalformedPath(req, res)) return;
    if (redirectToAppOrigin(req, res, APP_URL)) return;
    if (serveDirectRoute(req, res, origin)) return;
    void handleWithNext(req, res);
  });
  // Longer than the keep-alive timeout of the proxies in front (nginx: 60 s), so a proxy never sends a request
  // on a connection we are closing at that moment (Node's default is 5 s).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.listen(port, () => console.log(`[server] ready on port ${port}`));

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      // Stop accepting connections and let answers in flight finish; pending deliveries resume on restart.
      server.close(() => process.exit(0));
      server.closeIdleConnections();
      setTimeout(() => process.exit(0), 3_000).unref();
    });
  }
}

main().catch((error) => {
  console.error("[server] failed to start:", error);
  process.exit(1);
});
