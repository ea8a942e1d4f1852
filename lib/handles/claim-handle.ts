import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";

export type HandleField = "handle";

/**
 * Claims `handle` (already normalised) in the one namespace of users and merchants, inside the caller's
 * transaction, which also writes the user or merchant row: both commit or neither does.
 *
 * The Handle table's primary key decides who gets a handle, on both engines and under any concurrency:
 * the loser's insert fails with a unique violation (P2002), answered as 409 HANDLE_TAKEN naming the
 * field. (On PostgreSQL a concurrent claim may first fail as a serialization failure; inTransaction runs
 * the transaction again, which then sees the winner's row and fails with P2002.)
 * `userId` may be given later (attachHandleToUser) when the user row is created after the claim.
 */
export async function claimHandle(
  tx: Tx,
  options: { handle: string; userId?: string; merchantId?: string; field?: string },
): Promise<void> {
  try {
    await tx.handle.create({ data: { handle: options.handle, userId: options.userId, merchantId: options.merchantId } });
  } catch (error) {
    if (isUniqueViolation(error)) throw handleTaken(options.handle, options.field ?? "handle");
    throw error;
  }
}

/** Records the owner of a handle claimed before its user row existed. */
export async function attachHandleToUser(tx: Tx, options: { handle: string; userId: string }): Promise<void> {
  await tx.handle.update({ where: { handle: options.handle }, data: { userId: options.userId } });
}

export function handleTaken(handle: string, field = "handle"): AppError {
  return new AppError("HANDLE_TAKEN", `The handle @${handle} is already taken; choose another.`, { details: { field, handle } });
}

export function isHandleTaken(error: unknown): boolean {
  return error instanceof AppError && error.code === "HANDLE_TAKEN";
}

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "P2002";
}
