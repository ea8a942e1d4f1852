import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BackToWallet, BackToWalletEnd } from "@/components/wallet/back-to-wallet";
import { listAccessTokens } from "@/lib/auth/access-tokens";
import { requireSessionUser } from "@/lib/auth/current-user";
import { TokensClient } from "./tokens-client";
import "../money.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("wallet.tokens");
  return { title: t("title") };
}
export const dynamic = "force-dynamic";

export default async function TokensPage() {
  const user = await requireSessionUser("/wallet/tokens");
  const t = await getTranslations("wallet.tokens");
  const tokens = await listAccessTokens(user.id);
  return (
    <main className="page stack">
      <BackToWallet />
      <h1>{t("title")}</h1>
      <p className="muted">{t.rich("intro", { code: (chunks) => <code>{chunks}</code> })}</p>
      <TokensClient
        initialTokens={tokens.map((token) => ({
          id: token.id,
          name: token.name,
          prefix: token.prefix,
          createdAt: token.createdAt.toISOString(),
          lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
          revokedAt: token.revokedAt?.toISOString() ?? null,
        }))}
      />
      <BackToWalletEnd />
    </main>
  );
}
