import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireSessionUser } from "@/lib/auth/current-user";
import { BackToWallet } from "@/components/wallet/back-to-wallet";
import { createPaySession } from "@/lib/pay-sessions/create-pay-session";
import "@/components/pay/pay.css";
import { PayClient } from "./pay-client";
import "../money.css";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("payQr"))("title") };
}

const SESSION_ID = /^[0-9a-f]{40}$/;

/**
 * Without parameters: a new pay session's QR code for a till to scan — created here, on the server, so the
 * first QR code is in the HTML before any JavaScript runs — then the order it posts. `?session={id}`: a
 * session that already holds an order (a merchant's QR code scanned on /wallet/scan, flow 3), or the
 * session the payer was on when their sign-in ended, shown on the same confirm screen. The session's owner
 * is checked by its API.
 */
export default async function PayPage({ searchParams }: { searchParams: Promise<{ session?: string | string[] }> }) {
  const { session } = await searchParams;
  const sessionId = typeof session === "string" && SESSION_ID.test(session) ? session : undefined;
  const user = await requireSessionUser(sessionId ? `/wallet/pay?session=${sessionId}` : "/wallet/pay");
  const t = await getTranslations("payQr");
  const created = sessionId ? undefined : await createPaySession({ userId: user.id });
  return (
    <main className="page">
      <BackToWallet />
      <h1>{t("title")}</h1>
      <PayClient key={sessionId ?? created?.sessionId ?? "new"} sessionId={sessionId} initialSession={created} />
    </main>
  );
}
