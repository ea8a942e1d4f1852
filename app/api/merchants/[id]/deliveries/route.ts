import { z } from "zod";
import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { listMerchantDeliveries } from "@/lib/merchants/list-merchant-deliveries";
import { merchantParams } from "@/lib/merchants/schemas";

const query = z.object({
  paymentRequestId: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The callbacks sent for the merchant's requests, each with every attempt (owner only). */
export const GET = route(
  { authenticate: authenticateWalletRequest, params: merchantParams, query, headers: { "cache-control": "no-store" } },
  async ({ auth: ownerId, params, query }) => ({
    deliveries: await listMerchantDeliveries({ merchantId: params.id, ownerId, paymentRequestId: query.paymentRequestId, limit: query.limit }),
  }),
);
