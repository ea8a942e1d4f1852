import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ensureUserHandle } from "@/lib/users/ensure-user-handle";

export type UserProfile = { id: string; email: string; name: string | null; handle: string };

/** The user as the wallet shows them (GET /api/wallet/me, /wallet), with a handle generated if they had none. */
export async function getUserProfile(userId: string): Promise<UserProfile> {
  const handle = await ensureUserHandle(userId);
  const client = await db();
  const user = await client.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true } });
  if (!user) throw new AppError("USER_NOT_FOUND", "This account no longer exists.");
  return { ...user, handle };
}
