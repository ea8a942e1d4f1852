import { NextResponse } from "next/server";
import { z } from "zod";
import { authenticateBrowserSession } from "@/lib/auth/current-user";
import { confirmPassword, recentAuthSetCookie } from "@/lib/auth/recent-auth";
import { route } from "@/lib/http/route";

const reauthBody = z.object({ password: z.string().min(1).max(200) });

/**
 * POST /api/wallet/reauth {password}: the signed-in browser user types their password again before a
 * large payment; a correct one sets the five-minute proof cookie (lib/auth/recent-auth.ts). Browser
 * session only — a token cannot prove that a person is at the keyboard. Wrong → 401, throttled like sign-in.
 */
export const POST = route({ authenticate: authenticateBrowserSession, body: reauthBody }, async ({ auth: userId, body }) => {
  const proof = await confirmPassword({ userId, password: body.password });
  return NextResponse.json(
    { status: "confirmed", expiresAt: new Date(proof.expiresAt * 1000).toISOString() },
    { headers: { "set-cookie": recentAuthSetCookie(proof.value), "cache-control": "no-store" } },
  );
});
