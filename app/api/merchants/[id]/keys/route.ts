import { z } from "zod";
import { authenticateWalletRequest } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { createMerchantApiKey } from "@/lib/merchants/create-merchant-api-key";
import { listMerchantApiKeys } from "@/lib/merchants/list-merchant-api-keys";
import { merchantParams } from "@/lib/merchants/schemas";

// Shape only; the rules (scopes, name) live in createMerchantApiKey so the CLI shares them.
const body = z.object({ name: z.string().max(1000).optional(), scopes: z.array(z.string().max(100)).max(10).optional() });

// Key management takes the owner's session or personal access token; an mk_ key cannot mint keys (401).
export const GET = route(
  { authenticate: authenticateWalletRequest, params: merchantParams, headers: { "cache-control": "no-store" } },
  async ({ auth: ownerId, params }) => ({ keys: await listMerchantApiKeys({ merchantId: params.id, ownerId }) }),
);

// The plain key is in this answer only; it is never stored or shown again.
export const POST = route(
  { authenticate: authenticateWalletRequest, params: merchantParams, body, status: 201, headers: { "cache-control": "no-store" } },
  async ({ auth: ownerId, params, body }) =>
    createMerchantApiKey({ merchantId: params.id, ownerId, name: body.name, scopes: body.scopes }),
);
