import { z } from "zod";
import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { createMerchant } from "@/lib/merchants/create-merchant";
import { listMerchants } from "@/lib/merchants/list-merchants";

// Shape only; the rules (name length, handle) live in createMerchant so the CLI shares them.
const body = z.object({ name: z.string().max(1000), handle: z.string().max(1000).optional() });

// The owner's browser session or personal access token; a merchant API key (mk_…) is refused (401).
export const GET = route({ authenticate: authenticateWalletRequest, headers: { "cache-control": "no-store" } }, async ({ auth: ownerId }) => ({
  merchants: await listMerchants(ownerId),
}));

export const POST = route({ authenticate: authenticateWalletRequest, body, status: 201 }, async ({ auth: ownerId, body }) =>
  createMerchant({ ownerId, name: body.name, handle: body.handle }),
);
