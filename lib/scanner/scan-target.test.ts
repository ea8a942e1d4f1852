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
});
