import { z } from "zod";
import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getReceiptForUserOrThrow } from "@/lib/wallet/get-receipt";

const params = z.object({ txid: z.string().min(1).max(100) });

export const GET = route(
  { authenticate: authenticateWalletRequest, params, headers: { "cache-control": "no-store" } },
  async ({ auth: userId, params }) => getReceiptForUserOrThrow({ txid: params.txid, userId }),
);
