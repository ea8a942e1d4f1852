/**
 * "Pay" as a plain HTML form post (the pay and checkout pages before their JavaScript has loaded): the
 * same payment as the JSON API — same authenticator (same-origin check included), same re-authentication
 * rule — answered with a 303 back to the page, whose state then shows the receipt or says what went
 * wrong (`?error=CODE`, translated there; never the raw message).
 */
import type { NextRequest } from "next/server";
import { isSameOriginPost, withQuery } from "@/lib/auth/form-sign-in";
import { authenticatePayer, confirmPassword, recentAuthSetCookie, type PaymentAuthorization } from "@/lib/auth/recent-auth";
import { getEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";

export type FormPayment = (input: { userId: string; authorization: PaymentAuthorization; form: FormData }) => Promise<{ redirectTo?: string }>;

export async function payFromForm(req: NextRequest, pagePath: string, pay: FormPayment): Promise<Response> {
  const cookies: string[] = [];
  const back = (path: string) => {
    const headers = new Headers({ location: new URL(path, getEnv().APP_URL).toString(), "cache-control": "no-store" });
    for (const cookie of cookies) headers.append("set-cookie", cookie);
    return new Response(null, { status: 303, headers });
  };
  if (!isSameOriginPost(req)) return new Response("Cross-site form posts are refused.", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
  const form = (await req.formData().catch(() => null)) ?? new FormData();
  try {
    const payer = await authenticatePayer(req);
    let { authorization } = payer;
    const password = form.get("password");
    if (typeof password === "string" && password !== "" && authorization.via === "session") {
      const proof = await confirmPassword({ userId: payer.userId, password });
      cookies.push(recentAuthSetCookie(proof.value));
      authorization = { ...authorization, hasRecentAuth: true };
    }
    const done = await pay({ userId: payer.userId, authorization, form });
    return back(done.redirectTo ?? withQuery(pagePath, "error", null));
  } catch (error) {
    if (!isAppError(error)) throw error;
    const code = error.code === "UNAUTHENTICATED" ? "SESSION_ENDED" : error.code;
    const extra = error.code === "INSUFFICIENT_FUNDS" && typeof (error.details as { missing?: unknown })?.missing === "string" ? (error.details as { missing: string }).missing : null;
    let path = withQuery(pagePath, "error", code);
    if (extra) path = withQuery(path, "missing", extra);
    return back(path);
  }
}
