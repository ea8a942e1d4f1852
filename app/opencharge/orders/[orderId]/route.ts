import { z } from "zod";
import { getRequestOrder } from "@/lib/network/merchant-gateway/request-order";
import { openchargeRoute } from "@/lib/opencharge/route";

const params = z.object({ orderId: z.string().min(1).max(200) });

/**
 * One of our merchants' payment requests as a signed Opencharge order `{order, signature}`: what a wallet
 * of another gateway fetches from the request's QR (`GET /pay/{id}` with Accept: application/json is
 * rewritten here by the server). Public, like any merchant's order URL.
 */
export const GET = openchargeRoute({ isPublic: true, params, headers: { "cache-control": "no-store" } }, async ({ params }) => getRequestOrder({ id: params.orderId }));
