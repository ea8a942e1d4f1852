import { z } from "zod";
import { openchargeRoute } from "@/lib/opencharge/route";
import { getOrderStatus } from "@/lib/orders/get-order-status";

const params = z.object({ orderId: z.string().min(1).max(200) });

// Public like the merchant's own status endpoint (reference §7.5): it reveals only an order's status.
export const GET = openchargeRoute({ isPublic: true, params, headers: { "cache-control": "no-store" } }, async ({ params }) =>
  getOrderStatus({ orderId: params.orderId }),
);
