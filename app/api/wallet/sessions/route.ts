import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { createPaySession } from "@/lib/pay-sessions/create-pay-session";

export const POST = route({ authenticate: authenticateWalletRequest, status: 201 }, async ({ auth: userId }) =>
  createPaySession({ userId }),
);
