import type { MetadataRoute } from "next";
import { getEnv } from "@/lib/env";

/** The web app manifest: installable from a phone's browser, opening on the wallet. */
export default function manifest(): MetadataRoute.Manifest {
  const name = getEnv().OPERATOR_NAME;
  return {
    name,
    short_name: name.length > 12 ? "Wallet" : name,
    start_url: "/wallet",
    display: "standalone",
    background_color: "#f6f7f9",
    theme_color: "#1f5eff",
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
      { src: "/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
    ],
  };
}
