import { NextResponse } from "next/server";
import { authenticatePayer } from "@/lib/auth/recent-auth";
import { route } from "@/lib/http/route";
import { readIdempotencyKey } from "@/lib/payment-requests/idempotency";
import { sendMoney } from "@/lib/wallet/send-money";
import { sendMoneyBody } from "@/lib/wallet/transfer-schemas";

export const POST = route({ authenticate: authenticatePayer, body: sendMoneyBody }, async ({ req, auth, body }) => {
  const answer = await sendMoney({ userId: auth.userId, authorization: auth.authorization, input: body, idempotencyKey: readIdempotencyKey(req.headers) });
  return NextResponse.json(answer.body, { status: answer.status });
});
