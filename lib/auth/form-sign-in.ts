/**
 * Signing in from a plain HTML form (/login and the pay, checkout and spot pages before their JavaScript has
 * loaded).
 * next-auth's credentials callback requires its double-submit CSRF token, which a server-rendered page
 * cannot set as a cookie. So the form posts here instead: after a same-origin check (the CSRF defence of
 * this endpoint) we mint a matching token pair and run next-auth's own callback — its authorize() with the
 * sign-in throttle, its JWT and session cookie — and answer 303 back to the page.
 */
import { createHash, randomBytes } from "node:crypto";
import NextAuth from "next-auth";
import { cookies } from "next/headers";
import { NextRequest } from "next/server";
import { getAuthOptions, isSecureCookie } from "@/lib/auth/auth-options";
import { getEnv, requireSecret } from "@/lib/env";
import { safeCallbackPath } from "@/lib/safe-redirect";

/** Whether a form post comes from our own pages: Origin (or, without it, Fetch Metadata) must say so. */
export function isSameOriginPost(req: Request): boolean {
  const appOrigin = new URL(getEnv().APP_URL).origin;
  const origin = req.headers.get("origin");
  if (origin !== null) return origin === appOrigin;
  const site = req.headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}

/** `path` with `key=value` set in its query (a same-site path only). */
export function withQuery(path: string, key: string, value: string | null): string {
  const url = new URL(path, "http://x");
  if (value === null) url.searchParams.delete(key);
  else url.searchParams.set(key, value);
  return `${url.pathname}${url.search}`;
}

export async function signInFromForm(req: NextRequest): Promise<Response> {
  const form = await req.formData().catch(() => null);
  const callbackPath = safeCallbackPath(form?.get("callbackUrl"), "/wallet");
  // Where a refused sign-in goes back to (with ?signin=failed|throttled): the form's own page when it says
  // so (/login), else the page it was going to (the pay pages sign in inline).
  const failurePath = safeCallbackPath(form?.get("failureUrl"), callbackPath);
  const back = (path: string, cookies: string[] = []) => {
    const headers = new Headers({ location: new URL(path, getEnv().APP_URL).toString(), "cache-control": "no-store" });
    for (const cookie of cookies) headers.append("set-cookie", cookie);
    return new Response(null, { status: 303, headers });
  };
  if (!isSameOriginPost(req)) return new Response("Cross-site form posts are refused.", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
  const email = form?.get("email");
  const password = form?.get("password");
  if (typeof email !== "string" || typeof password !== "string") return back(withQuery(failurePath, "signin", "failed"));

  const options = getAuthOptions();
  const secret = requireSecret("AUTH_SECRET");
  const csrfToken = randomBytes(32).toString("hex");
  const csrfCookieName = `${isSecureCookie() ? "__Host-" : ""}next-auth.csrf-token`;
  const csrfCookie = `${csrfToken}|${createHash("sha256").update(`${csrfToken}${secret}`).digest("hex")}`;
  const appUrl = getEnv().APP_URL;
  // next-auth reads the request's cookies through next/headers: the pair is set there (and so also sent to
  // the browser, as next-auth itself would have), then next-auth's own credentials callback runs.
  (await cookies()).set(csrfCookieName, csrfCookie, { httpOnly: true, sameSite: "lax", path: "/", secure: isSecureCookie() });
  const body = new URLSearchParams({ csrfToken, email, password, callbackUrl: new URL(callbackPath, appUrl).toString(), json: "false" });
  const internal = new NextRequest(new URL("/api/auth/callback/credentials", appUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: body.toString(),
  });
  const response = await NextAuth(internal, { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) }, options);
  const setCookies = (response as Response).headers.getSetCookie();
  const signedIn = setCookies.some((cookie: string) => /next-auth\.session-token(\.\d+)?=[^;]+/.test(cookie));
  if (!signedIn) {
    const error = new URL((response as Response).headers.get("location") ?? "/", appUrl).searchParams.get("error");
    return back(withQuery(failurePath, "signin", error === "TOO_MANY_ATTEMPTS" ? "throttled" : "failed"));
  }
  return back(withQuery(callbackPath, "signin", null), setCookies);
}
