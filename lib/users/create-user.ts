import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/users/password";
import { emailSchema, nameSchema, passwordSchema } from "@/lib/users/schemas";

export const createUserInput = z.object({ email: emailSchema, password: passwordSchema, name: nameSchema });

export type PublicUser = { id: string; email: string; name: string | null };

export async function createUser(input: { email: string; password: string; name?: string }): Promise<PublicUser> {
  const parsed = createUserInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const code = issue?.path[0] === "password" ? "WEAK_PASSWORD" : "VALIDATION_ERROR";
    throw new AppError(code, issue?.message ?? "Invalid input.", { details: { field: issue?.path.join(".") } });
  }
  const { email, password, name } = parsed.data;
  const client = await db();
  const passwordHash = await hashPassword(password);
  try {
    const user = await client.user.create({ data: { email, passwordHash, name: name || null } });
    return { id: user.id, email: user.email, name: user.name };
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("EMAIL_TAKEN", "An account with this email already exists.", { details: { field: "email" } });
    }
    throw error;
  }
}
