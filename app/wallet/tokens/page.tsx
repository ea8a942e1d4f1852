import type { Metadata } from "next";
import { listAccessTokens } from "@/lib/auth/access-tokens";
import { requireSessionUser } from "@/lib/auth/current-user";
import { BackToWallet } from "@/components/wallet/back-to-wallet";
import { TokensClient } from "./tokens-client";

export const metadata: Metadata = { title: "API tokens" };
export const dynamic = "force-dynamic";

export default async function TokensPage() {
  const user = await requireSessionUser("/wallet/tokens");
  const tokens = await listAccessTokens(user.id);
  return (
    <main className="page stack">
      <BackToWallet />
      <h1>API tokens</h1>
      <p className="muted">
        Personal access tokens let the mobile app or your scripts use the wallet API as you
        (<code>Authorization: Bearer …</code>). A token is shown once, when you create it. Revoke any you no longer use.
      </p>
      <TokensClient
        initialTokens={tokens.map((t) => ({
          id: t.id,
          name: t.name,
          prefix: t.prefix,
          createdAt: t.createdAt.toISOString(),
          lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
          revokedAt: t.revokedAt?.toISOString() ?? null,
        }))}
      />
    </main>
  );
}
