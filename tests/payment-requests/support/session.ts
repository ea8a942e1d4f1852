import { encode } from "next-auth/jwt";

/** The headers of a signed-in browser: the next-auth session cookie of `userId`. */
export async function sessionCookie(userId: string): Promise<Record<string, string>> {
  const token = await encode({ token: { sub: userId }, secret: process.env.AUTH_SECRET! });
  return { cookie: `next-auth.session-token=${token}` };
}
