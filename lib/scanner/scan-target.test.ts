import { describe, expect, it } from "vitest";
import { scanTarget } from "@/lib/scanner/scan-target";

const ours = ["https://wallet.example", "http://localhost:3000"];

describe("scanTarget", () => {
  it("opens our payment request URLs by path", () => {
    expect(scanTarget("https://wallet.example/pay/pr_0123456789abcdef0123456789abcdef", ours)).toEqual({
      kind: "open",
      path: "/pay/pr_0123456789abcdef0123456789abcdef",
      what: "payment request",
    });
    expect(scanTarget("  http://localhost:3000/pay/pr_abc\n", ours)).toMatchObject({ kind: "open", path: "/pay/pr_abc" });
    expect(scanTarget("https://wallet.example/pay?code=AB-CDE-FGH", ours)).toMatchObject({ kind: "open", path: "/pay?code=AB-CDE-FGH" });
  });

  it("opens our spot URLs", () => {
    expect(scanTarget("https://wallet.example/s/Tok_en-123", ours)).toEqual({ kind: "open", path: "/s/Tok_en-123", what: "spot" });
  });

  it("opens a user's personal payment page (their QR code from /wallet/receive)", () => {
    expect(scanTarget("https://wallet.example/u/ada_l", ours)).toEqual({ kind: "open", path: "/u/ada_l", what: "payment form" });
    expect(scanTarget("https://evil.example/u/ada_l", ours)).toMatchObject({ kind: "refused", reason: "foreign-url" });
    expect(scanTarget("https://wallet.example/u/a-b", ours)).toMatchObject({ kind: "refused", reason: "unknown" });
    expect(scanTarget("https://wallet.example/u/ada/more", ours)).toMatchObject({ kind: "refused", reason: "unknown" });
  });

  it("opens a bare short code, forgiving case, spaces and dashes", () => {
    expect(scanTarget("ab-cde-fgh", ours)).toMatchObject({ kind: "open", path: "/pay?code=AB-CDE-FGH" });
    expect(scanTarget("AB CDE FGH", ours)).toMatchObject({ kind: "open", path: "/pay?code=AB-CDE-FGH" });
    expect(scanTarget("ABCDEFGH", ours)).toMatchObject({ kind: "open", path: "/pay?code=AB-CDE-FGH" });
  });

  it.each([
    ["another site", "https://evil.example/pay/pr_abc"],
    ["a look-alike host", "https://wallet.example.evil.example/pay/pr_abc"],
    ["our host over another scheme", "http://wallet.example/pay/pr_abc"],
    ["our host on another port", "https://wallet.example:8443/pay/pr_abc"],
    ["credentials in the URL", "https://user:pw@wallet.example/pay/pr_abc"],
  ])("never opens %s", (_name, text) => {
    expect(scanTarget(text, ours)).toEqual({ kind: "refused", reason: "foreign-url", text });
  });

  it.each([
    ["another page of ours", "https://wallet.example/wallet/tokens"],
    ["a deeper path", "https://wallet.example/pay/pr_abc/extra"],
    ["an odd id", "https://wallet.example/pay/%3Cscript%3E"],
    ["plain text", "hello"],
    ["a code with a letter O", "AB-CDE-FOH"],
    ["a javascript: URL", "javascript:alert(1)"],
  ])("refuses %s", (_name, text) => {
    expect(scanTarget(text, ours)).toMatchObject({ kind: "refused", reason: "unknown" });
  });

  it("recognises a wallet's own pay code (it is for a till to scan)", () => {
    const payload = JSON.stringify({ ocid: 900, order: "https://wallet.example/opencharge/orders/create/abc", expiresAt: 1 });
    expect(scanTarget(payload, ours)).toMatchObject({ kind: "refused", reason: "wallet-pay-code" });
  });

  describe("Opencharge merchant order QR codes (flow 3): handed to the server, never opened", () => {
    it("recognises the protocol's QR payload {ocid, order, expiresAt} with another site's order URL", () => {
      const payload = JSON.stringify({ ocid: 500, order: "https://shop.example/opencharge/orders/ord_abc123", expiresAt: 1_900_000_000 });
      expect(scanTarget(payload, ours)).toEqual({ kind: "order", orderUrl: "https://shop.example/opencharge/orders/ord_abc123", what: "merchant order" });
      // Any path: the JSON shape says what it is. Plain http is left to the server's address guard.
      const other = JSON.stringify({ ocid: 501, order: "http://127.0.0.1:4000/api/v1/order?id=7", expiresAt: null });
      expect(scanTarget(other, ours)).toEqual({ kind: "order", orderUrl: "http://127.0.0.1:4000/api/v1/order?id=7", what: "merchant order" });
    });

    it("recognises a bare URL of another site whose path ends in /orders/{id}", () => {
      expect(scanTarget("https://shop.example/opencharge/orders/ord_0f3c-77", ours)).toEqual({
        kind: "order",
        orderUrl: "https://shop.example/opencharge/orders/ord_0f3c-77",
        what: "merchant order",
      });
      expect(scanTarget(" https://till.example/orders/550e8400-e29b-41d4-a716-446655440000\n", ours)).toMatchObject({ kind: "order" });
    });

    it("refuses another wallet's pay code (same JSON shape, …/orders/create/{session}): it is for a till", () => {
      const text = JSON.stringify({ ocid: 300, order: "https://otherwallet.example/opencharge/orders/create/abc", expiresAt: 1 });
      expect(scanTarget(text, ours)).toMatchObject({ kind: "refused", reason: "wallet-pay-code" });
    });

    it.each([
      ["another site's URL of another shape", "https://shop.example/menu", "foreign-url"],
      ["an order-create URL of another site", "https://otherwallet.example/opencharge/orders/create", "foreign-url"],
      ["an order-create URL with a trailing slash", "https://otherwallet.example/opencharge/orders/create/", "foreign-url"],
      ["another wallet's pay session URL", "https://otherwallet.example/opencharge/orders/create/abc123", "foreign-url"],
      ["an order URL with credentials", "https://user:pw@shop.example/opencharge/orders/ord_1", "foreign-url"],
      ["an order status URL", "https://shop.example/opencharge/orders/ord_1/status", "foreign-url"],
      ["an order path on our own origin", "https://wallet.example/opencharge/orders/ord_1", "unknown"],
      ["a payload whose order URL is ours", JSON.stringify({ ocid: 100, order: "https://wallet.example/opencharge/orders/ord_1" }), "unknown"],
      ["a payload whose order is no URL", JSON.stringify({ ocid: 500, order: "ord_1" }), "unknown"],
      ["a payload with a javascript: order", JSON.stringify({ ocid: 500, order: "javascript:alert(1)" }), "unknown"],
      ["a payload with credentials", JSON.stringify({ ocid: 500, order: "https://a:b@shop.example/orders/1" }), "unknown"],
      ["a payload without an ocid", JSON.stringify({ order: "https://shop.example/opencharge/orders/ord_1" }), "unknown"],
      ["an inventory QR", JSON.stringify({ ocid: 500, inventory: "https://shop.example/opencharge/inventory", expiresAt: null }), "unknown"],
      ["an overlong order URL", `https://shop.example/orders/${"a".repeat(2100)}`, "foreign-url"],
    ])("refuses %s", (_name, text, reason) => {
      expect(scanTarget(text, ours)).toMatchObject({ kind: "refused", reason });
    });
  });
});
