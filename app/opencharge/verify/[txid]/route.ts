import { z } from "zod";
import { verifyTxid } from "@/lib/network/merchant-gateway/verify-txid";
import { openchargeRoute } from "@/lib/opencharge/route";

const params = z.object({ txid: z.string().min(1).max(200) });

/** What became of a transfer we issued (Merchant Gateway API; public, like the OpenAPI file says). */
export const GET = openchargeRoute({ isPublic: true, params, headers: { "cache-control": "no-store" } }, async ({ params }) => verifyTxid({ txid: params.txid }));
