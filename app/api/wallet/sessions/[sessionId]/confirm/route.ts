import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { confirmPaySession } from "@/lib/pay-sessions/confirm-pay-session";
import { sessionParams } from "@/lib/pay-sessions/params";

export const POST = route({ authenticate: authenticateWalletRequest, params: sessionParams }, async ({ auth: userId, params }) =>
  confirmPaySession({ sessionId: params.sessionId, userId }),
);
