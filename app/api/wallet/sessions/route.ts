import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { createPaySession } from "@/lib/pay-sessions/create-pay-session";
import { openOrderUrlSession } from "@/lib/pay-sessions/open-order-url-session";
import { parseCreateSessionBody } from "@/lib/pay-sessions/params";

/**
 * No body: a new pay session whose QR code a merchant's till scans. `{orderUrl}`: the order URL of a
 * merchant's QR code (protocol flow 3), fetched and verified; the session comes back `order_received`.
 */
export const POST = route({ authenticate: authenticateWalletRequest, status: 201 }, async ({ auth: userId, rawBody }) => {
  const body = parseCreateSessionBody(rawBody);
  return body.orderUrl === undefined ? createPaySession({ userId }) : openOrderUrlSession({ userId, orderUrl: body.orderUrl });
});
