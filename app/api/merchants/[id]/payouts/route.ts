import { z } from "zod";
import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { payOutMerchant } from "@/lib/merchants/pay-out-merchant";
import { merchantParams } from "@/lib/merchants/schemas";

// Amounts stay strings: lib/money.ts parses them (a JSON number would already have lost digits).
const body = z.object({ amount: z.string().max(100), currency: z.string().max(10) });

export const POST = route(
  { authenticate: authenticateWalletRequest, params: merchantParams, body, status: 201 },
  async ({ auth: ownerId, params, body }) => payOutMerchant({ merchantId: params.id, ownerId, amount: body.amount, currency: body.currency }),
);
