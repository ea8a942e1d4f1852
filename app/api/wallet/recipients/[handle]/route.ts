import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { lookUpTransferRecipient } from "@/lib/wallet/send-money";
import { recipientParams } from "@/lib/wallet/transfer-schemas";

export const GET = route(
  { authenticate: authenticateWalletRequest, params: recipientParams, headers: { "cache-control": "no-store" } },
  async ({ auth: senderId, params }) => lookUpTransferRecipient({ handle: params.handle, senderId }),
);
