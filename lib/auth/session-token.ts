/**
 * The browser session is a next-auth JWT (lib/auth/auth-options.ts). Besides the user id (`sub`) it carries
 * `sv`, the user's session version when it was issued: "sign out other sessions" and a password change
 * bump User.sessionVersion, and every token issued under an older version stops authenticating
 * (lib/auth/current-user.ts). The session that asked for it is kept by re-issuing its own cookie here.
 */
import { encode, type JWT } from "next-auth/jwt";
import { getEnv, requireSecret } from "@/lib/env";

/** As auth-options.ts decides (next-auth v4 uses secure cookies when its URL is https). */
const isSecureCookie = () => getEnv().APP_URL.startsWith("https://");

/** Same lifetime as next-auth's session (auth-options.ts). */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 3600;

/** A token without `sv` was issued before session versions existed: version 0, the column's default. */
export function sessionVersionOf(token: object | null | undefined): number {
  const value = (token as { sv?: unknown } | null | undefined)?.sv;
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : 0;
}

/** next-auth v4's cookie name: the __Secure- prefix (and the Secure flag) when the app is served over https. */
export function sessionCookieName(): string {
  return isSecureCookie() ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

/**
 * A Set-Cookie header value holding a fresh session token for `token`'s user under `sessionVersion`
 * (its other claims kept; iat, exp and jti are set anew by encode).
 */
export async function reissueSessionCookie(token: JWT, sessionVersion: number): Promise<string> {
  const { iat: _iat, exp: _exp, jti: _jti, ...claims } = token as JWT & { iat?: unknown; exp?: unknown; jti?: unknown };
  const value = await encode({ token: { ...claims, sv: sessionVersion }, secret: requireSecret("AUTH_SECRET"), maxAge: SESSION_MAX_AGE_SECONDS });
  const secure = isSecureCookie() ? "; Secure" : "";
  return `${sessionCookieName()}=${value}; Path=/; Max-Age=${SESSION_MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure}`;
}
