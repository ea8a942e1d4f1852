import { describe, expect, it } from "vitest";
import { parseRedirectUrl } from "@/lib/checkout/parse-redirect-url";

const strict = { allowHttp: false };
const loose = { allowHttp: true };

describe("parseRedirectUrl", () => {
  it("returns https URLs verbatim, query and fragment included", () => {
    for (const url of ["https://shop.example/done?order=ord_1&x=%20y", "https://shop.example", "https://shop.example:8443/a#b", "HTTPS://Shop.Example/x"]) {
      expect(parseRedirectUrl(url, "urls.success", strict)).toBe(url);
    }
  });

  it("refuses http unless OPENCHARGE_ALLOW_HTTP is on", () => {
    expect(() => parseRedirectUrl("http://shop.example/done", "urls.success", strict)).toThrow(/absolute https:\/\/ URL/);
    expect(parseRedirectUrl("http://shop.example/done", "urls.success", loose)).toBe("http://shop.example/done");
  });

  it.each([
    "javascript:alert(1)",
    "JavaScript://%0aalert(1)",
    "/relative",
    "relative/path",
    "//shop.example/x",
    "https:shop.example",
    "https:/shop.example",
    "https://user@shop.example/",
    "https://user:pass@shop.example/",
    "https://shop.example\\@evil.example/",
    "https://shop.example/a b",
    "https://shop.example/\nSet-Cookie:x",
    " https://shop.example/",
    "data:text/html,hi",
    "mailto:a@b.example",
    "https://",
    "",
  ])("refuses %j with INVALID_REDIRECT_URL", (url) => {
    for (const options of [strict, loose]) {
      expect(() => parseRedirectUrl(url, "urls.cancel", options)).toThrow(expect.objectContaining({ code: "INVALID_REDIRECT_URL", status: 400, details: { field: "urls.cancel" } }));
    }
  });

  it("refuses non-strings and URLs longer than 2048 characters", () => {
    expect(() => parseRedirectUrl(undefined, "urls.success", strict)).toThrow(/is required/);
    expect(() => parseRedirectUrl(42, "urls.success", strict)).toThrow(/is required/);
    expect(() => parseRedirectUrl(`https://shop.example/${"a".repeat(2048)}`, "urls.success", strict)).toThrow(/longer than 2048/);
  });
});
