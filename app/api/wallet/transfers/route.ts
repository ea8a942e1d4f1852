import { NextResponse } from "next/server";
import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { readIdempotencyKey } from "@/lib/payment-requests/idempotency";
import { sendMoney } from "@/lib/wallet/send-money";
import { sendMoneyBody } from "@/lib/wallet/transfer-schemas";

export const POST = route({ authenticate: authenticateWalletRequest, body: sendMoneyBody }, async ({ req, auth: userId, body }) => {
  const answer = await sendMoney({ userId, input: body, idempotencyKey: readIdempotencyKey(req.headers) });
  return NextResponse.json(answer.body, { status: answer.status });
});
