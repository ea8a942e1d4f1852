import { z } from "zod";
import { openchargeRoute } from "@/lib/opencharge/route";
import { rawOrderOf, sessionOrderBody } from "@/lib/orders/request-schemas";
import { receiveSessionOrder } from "@/lib/pay-sessions/receive-session-order";

const params = z.object({ sessionId: z.string().min(1).max(200) });

export const POST = openchargeRoute({ params, body: sessionOrderBody }, async ({ auth, params, body, rawBody }) =>
  receiveSessionOrder({
    sessionId: params.sessionId,
    merchant: auth.counterparty,
    rawOrder: rawOrderOf(rawBody),
    order: body.order,
    signature: body.signature,
    urls: body.urls,
  }),
);
