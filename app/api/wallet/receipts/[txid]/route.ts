import { z } from "zod";
import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getMovementReceiptForUserOrThrow } from "@/lib/wallet/get-receipt";

const params = z.object({ txid: z.string().min(1).max(100) });

/**
 * The receipt of one of the caller's movements: a payment (with its order and the merchant's
 * acknowledgement, as before), a refund, a transfer sent or received, a top-up, a payout, or an order
 * declined or expired. Anyone else's is a 404, exactly like none.
 */
export const GET = route(
  { authenticate: authenticateWalletRequest, params, headers: { "cache-control": "no-store" } },
  async ({ auth: userId, params }) => getMovementReceiptForUserOrThrow({ id: params.txid, userId }),
);
