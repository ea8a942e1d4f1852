/**
 * The owner's pages (/merchant/{id}, its Tables view) manage places and spots with the browser session:
 * the same domain functions as the mk_-key endpoints under /api/merchant/, scoped by the merchant after
 * the ownership check (another user's merchant is 404).
 */
import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { getOwnedMerchantOrThrow } from "@/lib/merchants/get-merchant";
import { merchantParams } from "@/lib/merchants/schemas";
import { createLocation } from "@/lib/spots/create-location";
import { listLocations } from "@/lib/spots/list-locations";
import { createLocationBody } from "@/lib/spots/schemas";

export const POST = route(
  { authenticate: authenticateWalletRequest, params: merchantParams, body: createLocationBody, status: 201 },
  async ({ auth: ownerId, params, body }) => {
    const merchant = await getOwnedMerchantOrThrow({ merchantId: params.id, ownerId });
    return createLocation({ merchantId: merchant.id, input: body });
  },
);

export const GET = route(
  { authenticate: authenticateWalletRequest, params: merchantParams, headers: { "cache-control": "no-store" } },
  async ({ auth: ownerId, params }) => {
    const merchant = await getOwnedMerchantOrThrow({ merchantId: params.id, ownerId });
    return listLocations({ merchantId: merchant.id });
  },
);
