import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { declinePaySession } from "@/lib/pay-sessions/decline-pay-session";
import { sessionParams } from "@/lib/pay-sessions/params";

export const POST = route({ authenticate: authenticateWalletRequest, params: sessionParams }, async ({ auth: userId, params }) =>
  declinePaySession({ sessionId: params.sessionId, userId }),
);
