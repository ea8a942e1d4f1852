import type { NextRequest } from "next/server";
import { payFromForm } from "@/lib/auth/form-payment";
import { payCheckoutSession } from "@/lib/checkout/pay-checkout-session";

type Context = { params: Promise<{ id: string }> };

/** POST /checkout/{id}/pay: the checkout's Pay button before JavaScript → 303 back to the checkout (its receipt). */
export async function POST(req: NextRequest, context: Context): Promise<Response> {
  const { id } = await context.params;
  const page = `/checkout/${encodeURIComponent(id)}`;
  return payFromForm(req, page, async ({ userId, authorization }) => {
    await payCheckoutSession({ sessionId: id, userId, authorization });
    return { redirectTo: page };
  });
}
