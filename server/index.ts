/**
 * The production HTTP server (`npm start` runs it after migrating and building): Next.js serves every
 * page and route, except the few protocol routes server/direct-routes.ts hands straight to their handler.
 * Environment: PORT, APP_URL and the rest as loaded by scripts/start.ts.
 */
import http from "node:http";
import path from "node:path";
import next from "next";

const root = path.resolve(__dirname, "..");
const port = Number(process.env.PORT || 3000);
const origin = new URL(process.env.APP_URL || `http://localhost:${port}`).origin;

async function main() {
  const app = next({ dev: false, dir: root, port, hostname: "localhost" });
  const handleWithNext = app.getRequestHandler();
  await app.prepare();
  // Imported after prepare(): route modules need the runtime Next.js installs (AsyncLocalStorage).
  const { serveDirectRoute } = await import("./direct-routes");

  const server = http.createServer((req, res) => {
    if (refuseMalformedPath(req, res)) return;
    if (serveDirectRoute(req, res, origin)) return;
    void handleWithNext(req, res);
  });
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

/**
 * A path that is not valid percent-encoding (e.g. /checkout/%E0%A4%A) makes Next.js answer 500 when it
 * decodes the dynamic segment. No request may get a 5xx by its shape alone, so such paths end here: 400,
 * in the error envelope for API and protocol paths.
 */
function refuseMalformedPath(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const path = (req.url ?? "/").split("?")[0]!;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    const message = "The URL path is not valid percent-encoding.";
    if (/^\/(api|opencharge)(\/|$)/.test(path)) {
      res.writeHead(400, { "content-type": "application/json", "x-content-type-options": "nosniff" });
      res.end(JSON.stringify({ error: { code: "BAD_REQUEST", message } }));
    } else {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" });
      res.end(`400 Bad Request: ${message}\n`);
    }
    return true;
  }
}

main().catch((error) => {
  console.error("[server] failed to start:", error);
  process.exit(1);
});
