import { describe, expect, it } from "vitest";
import { canonicalRedirect, crossOriginMessage } from "@/lib/http/canonical-origin";

const appUrl = "http://localhost:3000";

describe("canonicalRedirect", () => {
  it("sends another loopback name for the same port to APP_URL's origin, keeping path and query", () => {
    expect(canonicalRedirect({ appUrl, host: "127.0.0.1:3000", path: "/wallet?x=1" })).toBe("http://localhost:3000/wallet?x=1");
    expect(canonicalRedirect({ appUrl, host: "[::1]:3000", path: "/login" })).toBe("http://localhost:3000/login");
    expect(canonicalRedirect({ appUrl: "http://127.0.0.1:3000", host: "localhost:3000", path: "/" })).toBe("http://127.0.0.1:3000/");
  });

  it("leaves requests already at APP_URL's host alone (case of the name does not matter)", () => {
    expect(canonicalRedirect({ appUrl, host: "localhost:3000", path: "/" })).toBeNull();
    expect(canonicalRedirect({ appUrl, host: "LOCALHOST:3000", path: "/" })).toBeNull();
  });

  it("never redirects a non-loopback name (a reverse proxy may present another Host) or another port", () => {
    expect(canonicalRedirect({ appUrl: "https://wallet.example", host: "10.0.0.5:3000", path: "/" })).toBeNull();
    expect(canonicalRedirect({ appUrl, host: "wallet.example", path: "/" })).toBeNull();
    expect(canonicalRedirect({ appUrl: "https://wallet.example", host: "localhost:3000", path: "/" })).toBeNull();
    expect(canonicalRedirect({ appUrl, host: "127.0.0.1:3001", path: "/" })).toBeNull();
  });

  it("ignores a missing or malformed Host", () => {
    expect(canonicalRedirect({ appUrl, host: null, path: "/" })).toBeNull();
    expect(canonicalRedirect({ appUrl, host: "exa mple:3000", path: "/" })).toBeNull();
  });
});

it("the refusal says where the wallet lives and what to do", () => {
  expect(crossOriginMessage("http://127.0.0.1:3000", "http://localhost:3000")).toBe(
    "This page was opened at http://127.0.0.1:3000, but this wallet's address is http://localhost:3000. Open http://localhost:3000 and try again.",
  );
});
