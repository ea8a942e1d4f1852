import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import manifest from "@/app/manifest";

describe("the web app manifest", () => {
  it("names the operator, opens the wallet and lists icons that exist", () => {
    const m = manifest();
    expect(m).toMatchObject({ name: "Opencharge Wallet", start_url: "/wallet", display: "standalone" });
    expect(m.icons?.map((i) => i.sizes)).toEqual(["any", "192x192", "512x512"]);
    for (const icon of m.icons ?? []) {
      const file = icon.src === "/icon.svg" ? "app/icon.svg" : `public${icon.src}`;
      expect(existsSync(path.resolve(__dirname, "../..", file)), file).toBe(true);
    }
    expect(existsSync(path.resolve(__dirname, "../../app/apple-icon.png"))).toBe(true);
  });
});
