/**
 * Spots: Scan and Pay at a place (../shared/product.md). The merchant-key endpoints under /api/merchant/
 * act for the key's merchant; the owner's pages use the same domain functions under
 * /api/merchants/{id}/… with the browser session.
 */
import type { NextRequest } from "next/server";
import { route } from "@/lib/http/route";
import { authenticateMerchantRequest } from "@/lib/merchants/authenticate-merchant-key";
import { createLocation } from "@/lib/spots/create-location";
import { listLocations } from "@/lib/spots/list-locations";
import { createLocationBody } from "@/lib/spots/schemas";

const payments = (req: NextRequest) => authenticateMerchantRequest(req, { scope: "payments" });

export const POST = route({ authenticate: payments, body: createLocationBody, status: 201 }, async ({ auth, body }) =>
  createLocation({ merchantId: auth.merchantId, input: body }),
);

export const GET = route({ authenticate: (req) => authenticateMerchantRequest(req), headers: { "cache-control": "no-store" } }, async ({ auth }) =>
  listLocations({ merchantId: auth.merchantId }),
);
