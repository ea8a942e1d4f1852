import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { revokeMerchantApiKey } from "@/lib/merchants/revoke-merchant-api-key";
import { merchantKeyParams } from "@/lib/merchants/schemas";

export const DELETE = route({ authenticate: authenticateWalletRequest, params: merchantKeyParams }, async ({ auth: ownerId, params }) => {
  await revokeMerchantApiKey({ merchantId: params.id, ownerId, keyId: params.keyId });
  return { revoked: true };
});
