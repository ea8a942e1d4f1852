import type { Metadata } from "next";
import { requireSessionUser } from "@/lib/auth/current-user";
import { BackToWallet } from "@/components/wallet/back-to-wallet";
import { PayClient } from "./pay-client";

export const metadata: Metadata = { title: "Pay with QR code" };
export const dynamic = "force-dynamic";

const SESSION_ID = /^[0-9a-f]{40}$/;

/**
 * Without parameters: a new pay session's QR code for a till to scan, then the order it posts.
 * `?session={id}`: a session that already holds an order — a merchant's QR code scanned on /wallet/scan
 * (flow 3) — shown on the same confirm screen. The session's owner is checked by its API.
 */
export default async function PayPage({ searchParams }: { searchParams: Promise<{ session?: string | string[] }> }) {
  const { session } = await searchParams;
  const sessionId = typeof session === "string" && SESSION_ID.test(session) ? session : undefined;
  await requireSessionUser(sessionId ? `/wallet/pay?session=${sessionId}` : "/wallet/pay");
  return (
    <main className="page">
      <BackToWallet />
      <h1>Pay with QR code</h1>
      <PayClient key={sessionId ?? "new"} sessionId={sessionId} />
    </main>
  );
}
