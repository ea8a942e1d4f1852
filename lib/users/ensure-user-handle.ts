import { db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { claimHandle } from "@/lib/handles/claim-handle";
import { handleBaseFromEmail } from "@/lib/handles/handle-rules";
import { pickFreeHandle } from "@/lib/handles/pick-free-handle";
import { retryGeneratedHandle } from "@/lib/handles/retry-generated-handle";

/**
 * The user's handle, generated from the email and claimed on first use for accounts made before handles
 * existed (handle null). Concurrent first uses (two tabs) end with one handle: Handle.userId is unique,
 * so a second claim for the same user fails, and its next attempt finds the handle the first one set.
 */
export async function ensureUserHandle(userId: string): Promise<string> {
  const client = await db();
  return retryGeneratedHandle(true, async () => {
    const user = await client.user.findUnique({ where: { id: userId }, select: { email: true, handle: true } });
    if (!user) throw new AppError("USER_NOT_FOUND", "This account no longer exists.");
    if (user.handle) return user.handle;
    const handle = await pickFreeHandle(client, handleBaseFromEmail(user.email));
    return inTransaction(undefined, async (tx) => {
      await claimHandle(tx, { handle, userId });
      const updated = await tx.user.updateMany({ where: { id: userId, handle: null }, data: { handle } });
      if (updated.count !== 1) throw new Error("The user's handle changed during its first claim."); // rolls the claim back
      return handle;
    });
  });
}
