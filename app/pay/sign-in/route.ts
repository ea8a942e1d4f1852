import type { NextRequest } from "next/server";
import { signInFromForm } from "@/lib/auth/form-sign-in";

/** POST /pay/sign-in: the inline sign-in form of the pay, checkout and spot pages, before JavaScript (lib/auth/form-sign-in.ts). */
export async function POST(req: NextRequest): Promise<Response> {
  return signInFromForm(req);
}
