import { db } from "@/lib/db";
import { getDummyHash, verifyPassword } from "@/lib/users/password";
import { emailSchema } from "@/lib/users/schemas";
import { clearSignInFailures, isSignInThrottled, recordSignInFailure } from "@/lib/users/sign-in-throttle";
import type { PublicUser } from "@/lib/users/create-user";

export class SignInThrottledError extends Error {
  constructor() {
    super("TOO_MANY_ATTEMPTS");
  }
}

/**
 * Returns the user for a correct email and password, otherwise null (never says which part was wrong).
 * Throws SignInThrottledError after too many failures for the email (sign-in-throttle.ts).
 */
export async function verifyCredentials(email: unknown, password: unknown): Promise<(PublicUser & { sessionVersion: number }) | null> {
  const parsedEmail = emailSchema.safeParse(email);
  if (!parsedEmail.success || typeof password !== "string" || password.length === 0 || password.length > 200) {
    return null;
  }
  const address = parsedEmail.data;
  if (await isSignInThrottled(address)) throw new SignInThrottledError();
  const client = await db();
  const user = await client.user.findUnique({ where: { email: address } });
  // Hash even when the user is unknown, so response time does not reveal which emails have accounts.
  const isValid = await verifyPassword(password, user?.passwordHash ?? (await getDummyHash()));
  if (!user || !isValid) {
    await recordSignInFailure(address);
    return null;
  }
  await clearSignInFailures(address);
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}
