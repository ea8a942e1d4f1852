import { NextResponse } from "next/server";
import { authenticateBrowserSessionToken } from "@/lib/auth/current-user";
import { reissueSessionCookie } from "@/lib/auth/session-token";
import { route } from "@/lib/http/route";
import { changePassword, changePasswordInput } from "@/lib/users/change-password";

/**
 * Change the password (browser session only, never an access token). Every other session ends; this one
 * continues with a re-issued cookie.
 */
export const POST = route({ authenticate: authenticateBrowserSessionToken, body: changePasswordInput }, async ({ auth, body }) => {
  const { sessionVersion } = await changePassword({ userId: auth.userId, ...body });
  const response = NextResponse.json({ changed: true, otherSessionsSignedOut: true }, { headers: { "cache-control": "no-store" } });
  response.headers.append("set-cookie", await reissueSessionCookie(auth.token, sessionVersion));
  return response;
});
