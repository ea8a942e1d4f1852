import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getUserProfile } from "@/lib/users/get-user-profile";

export const GET = route(
  { authenticate: authenticateWalletRequest, headers: { "cache-control": "no-store" } },
  async ({ auth: userId }) => getUserProfile(userId),
);
