import { z } from "zod";
import { revokeAccessToken } from "@/lib/auth/access-tokens";
import { authenticateBrowserSession } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";

const params = z.object({ tokenId: z.string().min(1).max(100) });

export const DELETE = route({ authenticate: authenticateBrowserSession, params }, async ({ auth: userId, params }) => {
  await revokeAccessToken({ userId, tokenId: params.tokenId });
  return { revoked: true };
});
