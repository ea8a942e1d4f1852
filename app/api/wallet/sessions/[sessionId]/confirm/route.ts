import { authenticatePayer } from "@/lib/auth/recent-auth";
import { route } from "@/lib/http/route";
import { confirmPaySession } from "@/lib/pay-sessions/confirm-pay-session";
import { sessionParams } from "@/lib/pay-sessions/params";

export const POST = route({ authenticate: authenticatePayer, params: sessionParams }, async ({ auth, params }) =>
  confirmPaySession({ sessionId: params.sessionId, userId: auth.userId, authorization: auth.authorization }),
);
