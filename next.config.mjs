import { createRequire } from "node:module";
import createNextIntlPlugin from "next-intl/plugin";

// require, not an import attribute: Node 20.9 (our minimum) has no `with { type: "json" }`.
const securityHeaders = createRequire(import.meta.url)("./lib/http/security-headers.json");

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  typescript: { tsconfigPath: "tsconfig.build.json" },
  reactStrictMode: true,
  // Native and server-only packages are loaded from node_modules at run time, not bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "tiny-secp256k1"],
  async rewrites() {
    return {
      // The payment request's QR URL, asked for as JSON (by another gateway's wallet, not a browser), is the
      // request's signed Opencharge order: /opencharge/orders/{id} (lib/network/merchant-gateway/request-order.ts).
      beforeFiles: [
        {
          source: "/pay/:id(pr_[0-9a-f]{32})",
          has: [{ type: "header", key: "accept", value: "(?!.*text/html).*application/json.*" }],
          destination: "/opencharge/orders/:id",
        },
      ],
    };
  },
  async headers() {
    return [
      {
        source: "/:path*",
        // Also sent by the routes server/direct-routes.ts serves without Next's router.
        headers: securityHeaders,
      },
    ];
  },
};

// next-intl: the request's locale and messages (lib/i18n/request.ts). No locale in the URL: the locale comes
// from the switcher's cookie or the browser's Accept-Language, so every address in the contract stays as it is.
export default createNextIntlPlugin("./lib/i18n/request.ts")(nextConfig);
