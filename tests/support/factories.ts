/** Small builders for integration tests (real SQLite file per test file, see setup-env.ts). */
import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { createAccessToken } from "@/lib/auth/access-tokens";
import { db } from "@/lib/db";
import { createUser } from "@/lib/users/create-user";

export async function makeUser(overrides: { email?: string; password?: string } = {}) {
  const email = overrides.email ?? `user-${randomBytes(4).toString("hex")}@example.test`;
  const password = overrides.password ?? "correct horse battery staple";
  const user = await createUser({ email, password });
  return { ...user, password };
}

export async function makeUserWithToken() {
  const user = await makeUser();
  const { token, id: tokenId } = await createAccessToken({ userId: user.id });
  return { ...user, token, tokenId };
}

export function request(url: string, init: ConstructorParameters<typeof NextRequest>[1] = {}) {
  return new NextRequest(new URL(url, "http://localhost:3999"), init);
}

export const noParams = { params: Promise.resolve({}) };

export async function json(response: Response): Promise<any> {
  return JSON.parse(await response.text());
}

/** Row counts of everything a payment writes: compared before and after to prove nothing moved. */
export async function paymentCounts() {
  const client = await db();
  return {
    checkoutSessions: await client.checkoutSession.count(),
    orders: await client.paymentOrder.count(),
    postings: await client.ledgerTransaction.count(),
    proofs: await client.transferProof.count(),
    deliveries: await client.delivery.count(),
  };
}
