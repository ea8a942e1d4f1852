import type { NextRequest } from "next/server";
import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { getCheckoutView } from "@/lib/checkout/get-checkout-view";
import { checkoutNotFound, checkoutParams } from "@/lib/checkout/request-schemas";
import { isAppError } from "@/lib/errors";
import { route } from "@/lib/http/route";

/** Signed-out customers see the checkout too (the id is their key to it); signed-in ones also their balance. */
async function optionalViewer(req: NextRequest): Promise<string | null> {
  try {
    return await authenticateWalletRequest(req);
  } catch (error) {
    if (isAppError(error) && error.code === "UNAUTHENTICATED") return null;
    throw error;
  }
}

/** GET /api/checkout/{id}: the state the checkout page polls. */
export const GET = route(
  { authenticate: optionalViewer, params: checkoutParams, headers: { "cache-control": "no-store" } },
  async ({ auth: viewerUserId, params }) => {
    const view = await getCheckoutView({ sessionId: params.id, viewerUserId });
    if (!view) throw checkoutNotFound();
    return view;
  },
);
