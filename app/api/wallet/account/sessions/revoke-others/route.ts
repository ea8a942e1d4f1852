import { NextResponse } from "next/server";
import { authenticateBrowserSessionToken } from "@/lib/auth/current-user";
import { reissueSessionCookie } from "@/lib/auth/session-token";
import { route } from "@/lib/http/route";
import { signOutOtherSessions } from "@/lib/users/sign-out-other-sessions";

/** Sign out every other browser session of the caller (browser session only); this one continues. */
export const POST = route({ authenticate: authenticateBrowserSessionToken }, async ({ auth }) => {
  const { sessionVersion } = await signOutOtherSessions({ userId: auth.userId });
  const response = NextResponse.json({ otherSessionsSignedOut: true }, { headers: { "cache-control": "no-store" } });
  response.headers.append("set-cookie", await reissueSessionCookie(auth.token, sessionVersion));
  return response;
});
