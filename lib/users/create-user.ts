import { z } from "zod";
import { db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { claimHandle, handleTaken, isUniqueViolation, uniqueViolationFields } from "@/lib/handles/claim-handle";
import { handleBaseFromEmail, handleSchema } from "@/lib/handles/handle-rules";
import { pickFreeHandle } from "@/lib/handles/pick-free-handle";
import { retryGeneratedHandle } from "@/lib/handles/retry-generated-handle";
import { hashPassword } from "@/lib/users/password";
import { emailSchema, nameSchema, passwordSchema } from "@/lib/users/schemas";

export const createUserInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: nameSchema,
  handle: handleSchema.optional(),
});

export type PublicUser = { id: string; email: string; name: string | null };
export type CreatedUser = PublicUser & { handle: string };

/**
 * Creates a wallet user with a handle: the one asked for (409 HANDLE_TAKEN when a user or merchant holds
 * it), else one generated from the email. The handle and the user are written in one transaction.
 */
export async function createUser(input: { email: string; password: string; name?: string; handle?: string }): Promise<CreatedUser> {
  // A blank handle (an empty optional form field) means "generate one".
  const parsed = createUserInput.safeParse({ ...input, handle: input.handle?.trim() ? input.handle : undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const code = issue?.path[0] === "password" ? "WEAK_PASSWORD" : "VALIDATION_ERROR";
    throw new AppError(code, issue?.message ?? "Invalid input.", { details: { field: issue?.path.join(".") } });
  }
  const { email, password, name, handle: requested } = parsed.data;
  const passwordHash = await hashPassword(password);
  const client = await db();
  // Cheap early answer for the common case; the unique index still decides under concurrency.
  if (await client.user.findUnique({ where: { email }, select: { id: true } })) throw emailTaken();
  return retryGeneratedHandle(requested === undefined, async () => {
    // Picked before the transaction, which then only writes (see claimHandle).
    const handle = requested ?? (await pickFreeHandle(client, handleBaseFromEmail(email)));
    return inTransaction(undefined, async (tx) => {
      let user;
      try {
        user = await tx.user.create({ data: { email, passwordHash, name: name || null, handle } });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw uniqueViolationFields(error).includes("handle") ? handleTaken(handle) : emailTaken();
      }
      // A merchant may hold the handle: the one namespace is the Handle table.
      await claimHandle(tx, { handle, userId: user.id });
      return { id: user.id, email: user.email, name: user.name, handle };
    });
  });
}

const emailTaken = () => new AppError("EMAIL_TAKEN", "An account with this email already exists.", { details: { field: "email" } });
