import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/current-user";
import { PayClient } from "./pay-client";

export const metadata: Metadata = { title: "Pay with QR code" };
export const dynamic = "force-dynamic";

export default async function PayPage() {
  const user = await getSessionUser();
  if (!user) redirect("/login?callbackUrl=/wallet/pay");
  return (
    <main className="page">
      <header className="topbar">
        <Link href="/wallet" className="brand">
          ← Wallet
        </Link>
      </header>
      <h1>Pay with QR code</h1>
      <PayClient />
    </main>
  );
}
