import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { toMerchantView } from "@/lib/merchants/merchant-view";
import { merchantParams } from "@/lib/merchants/schemas";

export const GET = route(
  { authenticate: authenticateWalletRequest, params: merchantParams, headers: { "cache-control": "no-store" } },
  async ({ auth: ownerId, params }) => toMerchantView(await getOwnedMerchantOrThrow({ merchantId: params.id, ownerId })),
);
