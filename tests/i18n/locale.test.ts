import { describe, expect, it } from "vitest";
import { chooseLocale } from "@/lib/i18n/choose-locale";
import { negotiateLocale } from "@/lib/i18n/locales";

describe("negotiateLocale", () => {
  it.each([
    [null, "en"],
    ["", "en"],
    ["lt", "lt"],
    ["es-AR,es;q=0.9,en;q=0.8", "es"],
    ["fr-FR,fr;q=0.9,lt;q=0.5,en;q=0.4", "lt"],
    ["en;q=0.2,es;q=0.8", "es"],
    ["de,fr", "en"],
    ["lt;q=0,es", "es"],
    ["*", "en"],
    ["lt;q=abc,es;q=0.1", "es"],
  ])("%j → %s", (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });
});

function post(body: Record<string, string> | string, headers: Record<string, string> = {}): Request {
  const init: RequestInit = { method: "POST", headers };
  if (typeof body === "string") init.body = body;
  else init.body = new URLSearchParams(body);
  return new Request("http://localhost:3000/api/locale", init);
}

describe("POST /api/locale", () => {
  it("remembers a known locale and goes back to the page", async () => {
    const res = await chooseLocale(post({ locale: "lt", returnTo: "/pay/pr_1?x=1" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/pay/pr_1?x=1");
    expect(res.headers.get("set-cookie")).toMatch(/^NEXT_LOCALE=lt; Path=\/; Max-Age=31536000; SameSite=Lax$/);
  });

  it("without returnTo (no JavaScript) goes back by a same-origin Referer", async () => {
    const res = await chooseLocale(post({ locale: "es" }, { referer: "http://localhost:3000/checkout/cs_1" }));
    expect(res.headers.get("location")).toBe("/checkout/cs_1");
    const foreign = await chooseLocale(post({ locale: "es" }, { referer: "https://evil.example/x" }));
    expect(foreign.headers.get("location")).toBe("/");
  });

  it("refuses open redirects and unknown locales, and changes nothing for a body that is not a form", async () => {
    const evil = await chooseLocale(post({ locale: "xx", returnTo: "//evil.example" }));
    expect(evil.headers.get("location")).toBe("/");
    expect(evil.headers.get("set-cookie")).toBeNull();
    const junk = await chooseLocale(new Request("http://localhost:3000/api/locale", { method: "POST", body: "{", headers: { "content-type": "multipart/form-data" } }));
    expect(junk.status).toBe(303);
    expect(junk.headers.get("set-cookie")).toBeNull();
  });
});
