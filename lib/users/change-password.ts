import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/lib/users/password";
import { passwordSchema } from "@/lib/users/schemas";
import { clearSignInFailures, isSignInThrottled, recordSignInFailure } from "@/lib/users/sign-in-throttle";

export const changePasswordInput = z.object({
  currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.").max(200),
  newPassword: passwordSchema,
});

/**
 * Changes the user's password after checking the current one, and ends every other session: the session
 * version goes up, so tokens issued before no longer authenticate (the caller re-issues its own, see
 * lib/auth/session-token.ts). A wrong current password changes nothing and counts as a failed sign-in for
 * the email (sign-in-throttle.ts), so a borrowed session cannot be used to guess the password faster than
 * the sign-in form allows. Returns the new session version.
 */
export async function changePassword(options: { userId: string; currentPassword: string; newPassword: string }): Promise<{ sessionVersion: number }> {
  const client = await db();
  const user = await client.user.findUnique({ where: { id: options.userId }, select: { email: true, passwordHash: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "This account no longer exists.");
  if (await isSignInThrottled(user.email)) {
    throw new AppError("RATE_LIMITED", "Too many wrong passwords for this account. Try again in 15 minutes.");
  }
  if (!(await verifyPassword(options.currentPassword, user.passwordHash))) {
    await recordSignInFailure(user.email);
    throw new AppError("VALIDATION_ERROR", "Your current password is not right. Nothing was changed.", {
      details: { field: "currentPassword", reason: "WRONG_PASSWORD" },
    });
  }
  if (options.newPassword === options.currentPassword) {
    throw new AppError("VALIDATION_ERROR", "The new password is the same as the current one.", { details: { field: "newPassword", reason: "SAME_PASSWORD" } });
  }
  await clearSignInFailures(user.email);
  const passwordHash = await hashPassword(options.newPassword);
  const updated = await client.user.update({
    where: { id: options.userId },
    data: { passwordHash, sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  return { sessionVersion: updated.sessionVersion };
}
