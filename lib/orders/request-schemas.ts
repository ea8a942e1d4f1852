import { z } from "zod";
import { orderSchema, signatureSchema } from "@/lib/orders/order-schema";

const url = z.string().max(2048).url();

/** Body of POST /orders/create/{sessionId} (reference §7.4). */
export const sessionOrderBody = z.object({
  order: orderSchema,
  signature: signatureSchema,
  urls: z
    .looseObject({
      order: z.array(url).max(10).optional(),
      completed: url.optional(),
      cancelled: url.optional(),
    })
    .default({}),
});

/** The order exactly as the merchant sent it (its signature covers unknown members too). */
export function rawOrderOf(rawBody: string): unknown {
  return (JSON.parse(rawBody) as { order?: unknown }).order;
}
