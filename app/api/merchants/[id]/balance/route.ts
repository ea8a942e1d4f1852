import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getMerchantBalances } from "@/lib/merchants/get-merchant-balances";
import { merchantParams } from "@/lib/merchants/schemas";

export const GET = route(
  { authenticate: authenticateWalletRequest, params: merchantParams, headers: { "cache-control": "no-store" } },
  async ({ auth: ownerId, params }) => ({ balances: await getMerchantBalances({ merchantId: params.id, ownerId }) }),
);
