import { z } from "zod";
import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { redeliverMerchantDelivery } from "@/lib/merchants/redeliver-merchant-delivery";

const params = z.object({ id: z.string().min(1).max(100), deliveryId: z.string().min(1).max(100) });

/** A fresh attempt of one callback, now; a delivered one is refused (409 INVALID_STATE). */
export const POST = route({ authenticate: authenticateWalletRequest, params }, async ({ auth: ownerId, params }) =>
  redeliverMerchantDelivery({ merchantId: params.id, ownerId, deliveryId: params.deliveryId }),
);
