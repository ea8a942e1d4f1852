/** Who is calling: the browser session (server components, route handlers) or a bearer token. */
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { getServerSession } from "next-auth";
import { getToken, type JWT } from "next-auth/jwt";
import { db } from "@/lib/db";
import { getEnv, requireSecret } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { crossOriginMessage } from "@/lib/http/canonical-origin";
import { authenticateAccessToken } from "@/lib/auth/access-tokens";
import { getAuthOptions, isSecureCookie } from "@/lib/auth/auth-options";
import { sessionVersionOf } from "@/lib/auth/session-token";

export type SessionUser = { id: string; email: string; name: string | null };

/**
 * For server components: the signed-in user, or null. The user must still exist, and the session must have
 * been issued under the user's current session version (a password change or "sign out other sessions"
 * ends the others).
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(getAuthOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const client = await db();
  const user = await client.user.findUnique({ where: { id }, select: { id: true, email: true, name: true, sessionVersion: true } });
  if (!user || user.sessionVersion !== sessionVersionOf(session as { sv?: unknown })) return null;
  return { id: user.id, email: user.email, name: user.name };
}

/** For signed-in pages: the user, or a redirect to /login that comes back to `path` afterwards. */
export async function requireSessionUser(path: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  return user;
}

/**
 * For the wallet API: a bearer personal access token when an Authorization header is present
 * (a bad token is a 401, never a fallback to cookies), else the next-auth session cookie.
 */
export async function authenticateWalletRequest(req: NextRequest): Promise<string> {
  const authorization = req.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) throw new AppError("UNAUTHENTICATED", "Use Authorization: Bearer <personal access token>.");
    return authenticateAccessToken(match[1]);
  }
  return authenticateSessionCookie(req);
}

/**
 * Only the browser session, never a bearer token: for managing tokens themselves, so a leaked token
 * cannot mint new ones that outlive its revocation.
 */
export async function authenticateBrowserSession(req: NextRequest): Promise<string> {
  if (req.headers.get("authorization") !== null) {
    throw new AppError("FORBIDDEN", "Access tokens are managed from a signed-in browser session, not with a token.");
  }
  return authenticateSessionCookie(req);
}

async function authenticateSessionCookie(req: NextRequest): Promise<string> {
  return (await authenticateSessionToken(req)).userId;
}

/**
 * The browser session only (never a bearer token), with its decoded token: for the account endpoints,
 * which re-issue the caller's own session cookie after ending the others.
 */
export async function authenticateBrowserSessionToken(req: NextRequest): Promise<{ userId: string; token: JWT }> {
  if (req.headers.get("authorization") !== null) {
    throw new AppError("FORBIDDEN", "Your account is managed from a signed-in browser session, not with an access token.");
  }
  return authenticateSessionToken(req);
}

async function authenticateSessionToken(req: NextRequest): Promise<{ userId: string; token: JWT }> {
  const env = getEnv();
  const token = await getToken({ req, secret: requireSecret("AUTH_SECRET"), secureCookie: isSecureCookie() });
  if (!token?.sub) throw new AppError("UNAUTHENTICATED", "Sign in or send a bearer access token.");
  // Cookie-authenticated writes must come from our own pages (SameSite=Lax already blocks most cross-site posts).
  if (req.method !== "GET" && req.method !== "HEAD") {
    const origin = req.headers.get("origin");
    const appOrigin = new URL(env.APP_URL).origin;
    if (origin && origin !== appOrigin) {
      throw new AppError("FORBIDDEN", crossOriginMessage(origin, appOrigin), { details: { origin, appOrigin } });
    }
  }
  const client = await db();
  const user = await client.user.findUnique({ where: { id: token.sub }, select: { id: true, sessionVersion: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "This account no longer exists.");
  if (user.sessionVersion !== sessionVersionOf(token)) throw new AppError("UNAUTHENTICATED", "This session was signed out. Sign in again.");
  return { userId: user.id, token };
}
