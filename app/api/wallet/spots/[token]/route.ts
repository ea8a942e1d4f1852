import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getCustomerSpot } from "@/lib/spots/get-customer-spot";
import { spotTokenParams } from "@/lib/spots/schemas";

// The spot page (/s/{token}) polls this while the customer waits for their order.
export const GET = route(
  { authenticate: authenticateWalletRequest, params: spotTokenParams, headers: { "cache-control": "no-store" } },
  async ({ auth: userId, params }) => getCustomerSpot({ token: params.token, userId }),
);
