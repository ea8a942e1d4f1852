import type { Tx } from "@/lib/db";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { normalizeHandle } from "@/lib/handles/handle-rules";

export type HandleUser = { id: string; email: string; name: string | null; handle: string };

/**
 * The user holding a handle, typed any way people type one ("@Ada", "ada", " ADA "), or null: when nobody
 * holds it, when a merchant holds it, or when it cannot be a handle at all. Pass `tx` to read inside a
 * transaction (e.g. a transfer that then moves money to the user).
 */
export async function findUserByHandle(handle: string, tx?: Tx): Promise<HandleUser | null> {
  const normalized = normalizeHandle(handle);
  if (!normalized) return null;
  const client = tx ?? (await db());
  const user = await client.user.findUnique({ where: { handle: normalized }, select: { id: true, email: true, name: true, handle: true } });
  return user?.handle ? { ...user, handle: user.handle } : null;
}

/** The same, or 404 USER_NOT_FOUND naming the handle as typed (cut short). */
export async function findUserByHandleOrThrow(handle: string, tx?: Tx): Promise<HandleUser> {
  const user = await findUserByHandle(handle, tx);
  if (!user) {
    const shown = handle.length > 40 ? `${handle.slice(0, 40)}…` : handle;
    throw new AppError("USER_NOT_FOUND", `No wallet user has the handle ${shown.startsWith("@") ? shown : `@${shown}`}.`);
  }
  return user;
}
