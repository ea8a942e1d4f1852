import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { emailSchema } from "@/lib/users/schemas";

export async function findUserByEmailOrThrow(email: string) {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) throw new AppError("VALIDATION_ERROR", `"${email}" is not a valid email address.`);
  const client = await db();
  const user = await client.user.findUnique({ where: { email: parsed.data } });
  if (!user) throw new AppError("USER_NOT_FOUND", `No user with email ${parsed.data}.`);
  return user;
}
