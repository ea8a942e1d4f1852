import { describe, expect, it } from "vitest";
import { assertOutboundUrlAllowed, isPrivateAddress, OutboundRequestError } from "./outbound-http";

describe("isPrivateAddress", () => {
  it.each([
    "127.0.0.1",
    "127.255.255.254",
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "100.127.255.255",
    "0.0.0.0",
    "0.1.2.3",
    "224.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "fe80::1%eth0",
    "febf::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "::127.0.0.1",
    "64:ff9b::10.0.0.1",
    "2002:7f00:1::",
    "not an address",
    "",
    "1.2.3",
    "256.1.1.1",
  ])("blocks %s", (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    "1.1.1.1",
    "8.8.8.8",
    "172.15.255.255",
    "172.32.0.1",
    "100.63.255.255",
    "100.128.0.1",
    "169.253.1.1",
    "192.169.0.1",
    "2001:4860:4860::8888",
    "2606:4700::1111",
    "::ffff:8.8.8.8",
    "64:ff9b::8.8.8.8",
    "fbff::1",
    "fe7f::1",
  ])("allows %s", (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});

describe("assertOutboundUrlAllowed", () => {
  const refused = (url: string, allowInsecure = false) => {
    try {
      assertOutboundUrlAllowed(new URL(url), allowInsecure);
      return null;
    } catch (error) {
      return error instanceof OutboundRequestError ? error.kind : "other";
    }
  };

  it("allows https to public names and addresses (names are checked at connect time)", () => {
    expect(refused("https://merchant.example/opencharge")).toBeNull();
    expect(refused("https://8.8.8.8/x")).toBeNull();
  });

  it("refuses http, other schemes and private literals unless insecure targets are allowed", () => {
    expect(refused("http://merchant.example/x")).toBe("refused_address");
    expect(refused("https://192.168.0.10/x")).toBe("refused_address");
    expect(refused("https://[fe80::1]/x")).toBe("refused_address");
    expect(refused("https://0x7f.1/x")).toBe("refused_address"); // URL normalises it to 127.0.0.1
    expect(refused("file:///etc/passwd")).toBe("refused_address");
    expect(refused("http://127.0.0.1:3000/x", true)).toBeNull();
    expect(refused("file:///etc/passwd", true)).toBe("refused_address");
  });
});
