import type { NextRequest } from "next/server";
import { payFromForm } from "@/lib/auth/form-payment";
import { payPaymentRequest } from "@/lib/payment-requests/pay-payment-request";

type Context = { params: Promise<{ id: string }> };

/**
 * POST /pay/{id}/pay: the pay page's Pay button before JavaScript → 303 back to the page with the receipt
 * (`?paid={txid}`). The form carries an idempotency key made when the page was rendered, so a second
 * submit of the same form never pays twice.
 */
export async function POST(req: NextRequest, context: Context): Promise<Response> {
  const { id } = await context.params;
  const page = `/pay/${encodeURIComponent(id)}`;
  return payFromForm(req, page, async ({ userId, authorization, form }) => {
    const amount = form.get("amount");
    const currency = form.get("currency");
    const key = form.get("attempt");
    const input = {
      amount: typeof amount === "string" && amount.trim() !== "" ? amount.trim() : undefined,
      currency: typeof currency === "string" && /^[A-Z]{3}$/.test(currency) ? currency : undefined,
    };
    const answer = await payPaymentRequest({
      requestId: id,
      userId,
      authorization,
      input,
      idempotencyKey: typeof key === "string" && /^[A-Za-z0-9-]{8,100}$/.test(key) ? key : null,
    });
    const txid = (answer.body as { txid?: string }).txid;
    return { redirectTo: txid ? `${page}?paid=${encodeURIComponent(txid)}` : page };
  });
}
