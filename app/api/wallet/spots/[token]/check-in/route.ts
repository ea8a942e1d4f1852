import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { checkInAtSpot } from "@/lib/spots/check-in-spot";
import { spotTokenParams } from "@/lib/spots/schemas";

export const POST = route({ authenticate: authenticateWalletRequest, params: spotTokenParams }, async ({ auth: userId, params }) =>
  checkInAtSpot({ token: params.token, userId }),
);
