import type { Metadata } from "next";
import { requireSessionUser } from "@/lib/auth/current-user";
import { BackToWallet } from "@/components/wallet/back-to-wallet";
import { PayClient } from "./pay-client";

export const metadata: Metadata = { title: "Pay with QR code" };
export const dynamic = "force-dynamic";

export default async function PayPage() {
  await requireSessionUser("/wallet/pay");
  return (
    <main className="page">
      <BackToWallet />
      <h1>Pay with QR code</h1>
      <PayClient />
    </main>
  );
}
