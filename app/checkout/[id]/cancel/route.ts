import { NextResponse, type NextRequest } from "next/server";
import { cancelCheckoutSession } from "@/lib/checkout/cancel-checkout-session";
import { isAppError } from "@/lib/errors";

type Context = { params: Promise<{ id: string }> };

/**
 * The page's "Cancel" link: cancels the session if it is still open and sends the browser on with a 303.
 * A plain link (GET) so it works without JavaScript; the page never prefetches it. POST does the same.
 */
async function cancel(_req: NextRequest, context: Context): Promise<Response> {
  const { id } = await context.params;
  try {
    const { redirectTo } = await cancelCheckoutSession({ sessionId: id });
    return NextResponse.redirect(redirectTo, { status: 303, headers: { "cache-control": "no-store" } });
  } catch (error) {
    if (isAppError(error) && error.code === "SESSION_NOT_FOUND") {
      return new NextResponse("Not found.", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
    }
    throw error;
  }
}

export { cancel as GET, cancel as POST };
