import { describe, expect, it } from "vitest";
import { signedRequestPath } from "./signing-profile";

describe("signedRequestPath", () => {
  const url = new URL("https://shop.example/opencharge/transfer/webhook?x=1");

  it("full: pathname and query of the URL called (the spec)", () => {
    expect(signedRequestPath(url, "full", "https://shop.example/opencharge")).toBe("/opencharge/transfer/webhook?x=1");
  });

  it("relative: the path below the endpoint's base path, without the query (Express req.path)", () => {
    expect(signedRequestPath(url, "relative", "https://shop.example/opencharge")).toBe("/transfer/webhook");
    expect(signedRequestPath(url, "relative", "https://shop.example/opencharge/")).toBe("/transfer/webhook");
    expect(signedRequestPath(new URL("https://shop.example/opencharge"), "relative", "https://shop.example/opencharge")).toBe("/");
  });

  it("relative keeps the full path where the endpoint has no base path, or is not a prefix", () => {
    expect(signedRequestPath(url, "relative", "https://shop.example")).toBe("/opencharge/transfer/webhook");
    expect(signedRequestPath(new URL("https://shop.example/opencharge-x/hook"), "relative", "https://shop.example/opencharge")).toBe(
      "/opencharge-x/hook",
    );
    expect(signedRequestPath(url, "relative", "not a url")).toBe("/opencharge/transfer/webhook?x=1");
  });
});
