import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getBalances } from "@/lib/wallet/get-balances";

export const GET = route(
  { authenticate: authenticateWalletRequest, headers: { "cache-control": "no-store" } },
  async ({ auth: userId }) => ({ balances: await getBalances(userId) }),
);
