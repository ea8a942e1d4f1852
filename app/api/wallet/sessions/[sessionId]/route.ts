import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getPaySessionView } from "@/lib/pay-sessions/get-pay-session";
import { sessionParams } from "@/lib/pay-sessions/params";

export const GET = route(
  { authenticate: authenticateWalletRequest, params: sessionParams, headers: { "cache-control": "no-store" } },
  async ({ auth: userId, params }) => getPaySessionView({ sessionId: params.sessionId, userId }),
);
