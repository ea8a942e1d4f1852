import { z } from "zod";
import { route } from "@/lib/http/route";
import { createUser } from "@/lib/users/create-user";

// Shape only; the rules (email format, password strength, handle) live in createUser so the CLI shares them.
const body = z.object({
  email: z.string().max(1000),
  password: z.string().max(1000),
  name: z.string().max(1000).optional(),
  handle: z.string().max(1000).optional(),
});

export const POST = route({ body, status: 201 }, async ({ body }) => {
  const user = await createUser(body);
  return { user: { id: user.id, email: user.email, name: user.name, handle: user.handle } };
});
