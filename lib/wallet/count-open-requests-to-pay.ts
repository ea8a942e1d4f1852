import { db } from "@/lib/db";

/**
 * How many requests-to-pay addressed to the user still wait for them (the count beside "Requests to pay"
 * on /wallet): open for payment (CREATED, or INCOMPLETE when parts are allowed) and not past their
 * expiry. A request that opens later (notBefore) counts: it waits for them too.
 */
export async function countOpenRequestsToPay(options: { userId: string; now?: Date }): Promise<number> {
  const client = await db();
  return client.paymentRequest.count({
    where: { payerUserId: options.userId, status: { in: ["CREATED", "INCOMPLETE"] }, expiresAt: { gt: options.now ?? new Date() } },
  });
}
