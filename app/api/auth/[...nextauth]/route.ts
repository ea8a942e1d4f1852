import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/auth-options";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per call (lazily, once) so the build never needs AUTH_SECRET.
async function handler(req: NextRequest, context: Context) {
  return NextAuth(req, context, getAuthOptions());
}

export { handler as GET, handler as POST };
