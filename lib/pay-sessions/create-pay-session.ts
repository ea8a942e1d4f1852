import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getGatewayIdentity } from "@/lib/opencharge/identity";

/** The QR payload a merchant scans (reference §6): our OCID, where to post the order, and until when. */
export type QrPayload = { ocid: number; order: string; expiresAt: number };

export function orderCreateUrl(sessionId: string): string {
  return `${getGatewayIdentity().endpoint}/orders/create/${sessionId}`;
}

/** A new single-use pay session for the user, with 160 random bits as its id. */
export async function createPaySession(options: { userId: string; now?: Date }) {
  const now = options.now ?? new Date();
  const expiresAtSeconds = Math.floor(now.getTime() / 1000) + getEnv().PAY_SESSION_TTL_SECONDS;
  const client = await db();
  const session = await client.paySession.create({
    data: { id: randomBytes(20).toString("hex"), userId: options.userId, expiresAt: new Date(expiresAtSeconds * 1000) },
  });
  const qrPayload: QrPayload = { ocid: getGatewayIdentity().ocid, order: orderCreateUrl(session.id), expiresAt: expiresAtSeconds };
  return { sessionId: session.id, qrPayload, expiresAt: expiresAtSeconds };
}
