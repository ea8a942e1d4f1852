import { db } from "@/lib/db";
import { getDummyHash, verifyPassword } from "@/lib/users/password";
import { emailSchema } from "@/lib/users/schemas";
import type { PublicUser } from "@/lib/users/create-user";

/** Returns the user for a correct email and password, otherwise null (never says which part was wrong). */
export async function verifyCredentials(email: unknown, password: unknown): Promise<PublicUser | null> {
  const parsedEmail = emailSchema.safeParse(email);
  if (!parsedEmail.success || typeof password !== "string" || password.length === 0 || password.length > 200) {
    return null;
  }
  const client = await db();
  const user = await client.user.findUnique({ where: { email: parsedEmail.data } });
  // Hash even when the user is unknown, so response time does not reveal which emails have accounts.
  const isValid = await verifyPassword(password, user?.passwordHash ?? (await getDummyHash()));
  return user && isValid ? { id: user.id, email: user.email, name: user.name } : null;
}
