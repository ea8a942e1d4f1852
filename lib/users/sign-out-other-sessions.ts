import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/**
 * Ends every browser session of the user: tokens carry the session version they were issued under, and
 * this raises it (lib/auth/current-user.ts refuses older ones). The caller keeps its own session by
 * re-issuing its cookie under the returned version (lib/auth/session-token.ts). Personal access tokens
 * are not sessions and stay valid: they are revoked one by one on /wallet/tokens.
 */
export async function signOutOtherSessions(options: { userId: string }): Promise<{ sessionVersion: number }> {
  const client = await db();
  const updated = await client.user.updateMany({ where: { id: options.userId }, data: { sessionVersion: { increment: 1 } } });
  if (updated.count === 0) throw new AppError("UNAUTHENTICATED", "This account no longer exists.");
  const user = await client.user.findUniqueOrThrow({ where: { id: options.userId }, select: { sessionVersion: true } });
  return { sessionVersion: user.sessionVersion };
}
