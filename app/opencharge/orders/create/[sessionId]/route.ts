import { z } from "zod";
import { openchargeRoute } from "@/lib/opencharge/route";
import { rawOrderOf, sessionOrderBody } from "@/lib/orders/request-schemas";
import { receiveSessionOrder } from "@/lib/pay-sessions/receive-session-order";

const params = z.object({ sessionId: z.string().min(1).max(200) });

// recordsNonce: the intake records the nonce in its own transaction (one commit per scan).
export const POST = openchargeRoute({ params, body: sessionOrderBody, recordsNonce: true }, async ({ auth, params, body, rawBody }) =>
  receiveSessionOrder({
    sessionId: params.sessionId,
    merchant: auth.counterparty,
    nonce: auth.nonce,
    rawOrder: rawOrderOf(rawBody),
    order: body.order,
    signature: body.signature,
    urls: body.urls,
  }),
);
