import { z } from "zod";
import { createAccessToken, listAccessTokens } from "@/lib/auth/access-tokens";
import { authenticateBrowserSession } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";

const createBody = z.object({ name: z.string().trim().min(1, "Give the token a name.").max(100) });

export const GET = route({ authenticate: authenticateBrowserSession, headers: { "cache-control": "no-store" } }, async ({ auth: userId }) => ({
  tokens: await listAccessTokens(userId),
}));

// The plain token is in this answer only; it is never stored or shown again.
export const POST = route(
  { authenticate: authenticateBrowserSession, body: createBody, status: 201, headers: { "cache-control": "no-store" } },
  async ({ auth: userId, body }) => createAccessToken({ userId, name: body.name }),
);
