/** next-auth (v4) configuration: email + password credentials, JWT sessions signed with AUTH_SECRET. */
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getEnv, requireSecret } from "@/lib/env";
import { SESSION_MAX_AGE_SECONDS, sessionVersionOf } from "@/lib/auth/session-token";
import { verifyCredentials } from "@/lib/users/verify-credentials";

let options: NextAuthOptions | undefined;

/** Built on first use so `next build` does not need the secrets. */
export function getAuthOptions(): NextAuthOptions {
  if (options) return options;
  const env = getEnv();
  // next-auth v4 derives its own URL (callbacks, secure cookies) from NEXTAUTH_URL.
  process.env.NEXTAUTH_URL ??= env.APP_URL;
  options = {
    secret: requireSecret("AUTH_SECRET"),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const user = await verifyCredentials(credentials?.email, credentials?.password);
          return user ? { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } : null;
        },
      }),
    ],
    callbacks: {
      // The session version is set at sign-in only: an update() from the browser can never choose it
      // (a signed-out session must not revive itself). lib/auth/session-token.ts re-issues it server-side.
      jwt({ token, user }) {
        if (user) token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        // Read by getSessionUser (current-user.ts), which compares it with the user's current version.
        (session as { sv?: number }).sv = sessionVersionOf(token);
        return session;
      },
    },
    logger: {
      // Never log credentials or tokens: next-auth's default logger prints request metadata on errors.
      error: (code) => console.error(`[auth] ${code}`),
      warn: (code) => console.warn(`[auth] ${code}`),
      debug: () => {},
    },
  };
  return options;
}

export const isSecureCookie = () => getEnv().APP_URL.startsWith("https://");
