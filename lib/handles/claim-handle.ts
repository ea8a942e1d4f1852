import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";

/**
 * Claims `handle` (already normalised) in the one namespace of users and merchants, inside the caller's
 * transaction, which also writes the user or merchant row: both commit or neither does.
 *
 * The Handle table's primary key decides who gets a handle, on both engines and under any concurrency:
 * the loser's insert fails with a unique violation (P2002), answered as 409 HANDLE_TAKEN naming the
 * field. The transactions that claim handles only write (candidates are picked before them, see
 * pickFreeHandle): with no read in them, PostgreSQL's serializable isolation has nothing to abort, and a
 * concurrent claim of the same handle waits for the first and then meets its row.
 */
export async function claimHandle(tx: Tx, options: { handle: string; userId?: string; merchantId?: string }): Promise<void> {
  try {
    await tx.handle.create({ data: { handle: options.handle, userId: options.userId, merchantId: options.merchantId } });
  } catch (error) {
    if (isUniqueViolation(error)) throw handleTaken(options.handle);
    throw error;
  }
}

export function handleTaken(handle: string): AppError {
  return new AppError("HANDLE_TAKEN", `The handle @${handle} is already taken; choose another.`, { details: { field: "handle", handle } });
}

export function isHandleTaken(error: unknown): boolean {
  return error instanceof AppError && error.code === "HANDLE_TAKEN";
}

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "P2002";
}

/**
 * The columns a unique violation names, as Prisma reports them through either driver adapter
 * (`meta.target`, or the adapter's `constraint.fields`); empty when it does not say.
 */
export function uniqueViolationFields(error: unknown): string[] {
  const meta = (error as { meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: unknown } } } } } | null)?.meta;
  const target = meta?.target;
  if (Array.isArray(target)) return target.map(String);
  if (typeof target === "string") return [target];
  const fields = meta?.driverAdapterError?.cause?.constraint?.fields;
  return Array.isArray(fields) ? fields.map((f) => String(f).replace(/"/g, "")) : [];
}
