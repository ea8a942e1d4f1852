/**
 * Personal access tokens for the wallet API (`Authorization: Bearer ocw_…`).
 * Tokens carry 256 random bits, so a plain SHA-256 is a safe lookup hash; only the hash is stored.
 */
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

const TOKEN_PREFIX = "ocw_";
const TOKEN_PATTERN = /^ocw_[A-Za-z0-9_-]{43}$/;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Creates a token; the plain token is returned once and never stored. */
export async function createAccessToken(options: { userId: string; name?: string }) {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const client = await db();
  const record = await client.personalAccessToken.create({
    data: {
      userId: options.userId,
      name: options.name?.trim() || "API token",
      tokenHash: hashToken(token),
      prefix: token.slice(0, 10),
    },
  });
  return { id: record.id, token, prefix: record.prefix, createdAt: record.createdAt };
}

/** The user id a live token belongs to; UNAUTHENTICATED for unknown, malformed or revoked tokens. */
export async function authenticateAccessToken(token: string): Promise<string> {
  if (!TOKEN_PATTERN.test(token)) throw new AppError("UNAUTHENTICATED", "Invalid access token.");
  const client = await db();
  const record = await client.personalAccessToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!record || record.revokedAt) throw new AppError("UNAUTHENTICATED", "Invalid or revoked access token.");
  // Last-use time helps owners spot stale tokens; a minute's precision is plenty and saves writes.
  if (!record.lastUsedAt || Date.now() - record.lastUsedAt.getTime() > 60_000) {
    await client.personalAccessToken.update({ where: { id: record.id }, data: { lastUsedAt: new Date() } });
  }
  return record.userId;
}

/** Revokes one of the user's own tokens (scoped by owner: nobody can revoke another's token). */
export async function revokeAccessToken(options: { userId: string; tokenId: string }): Promise<void> {
  const client = await db();
  const result = await client.personalAccessToken.updateMany({
    where: { id: options.tokenId, userId: options.userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (result.count === 0) throw new AppError("NOT_FOUND", "No such active token.");
}

export async function listAccessTokens(userId: string) {
  const client = await db();
  return client.personalAccessToken.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}
