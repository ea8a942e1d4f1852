import type { Metadata } from "next";
import { EnterCodeForm } from "@/components/pay/enter-code-form";
import { BackToWallet } from "@/components/wallet/back-to-wallet";
import { requireSessionUser } from "@/lib/auth/current-user";
import { getEnv } from "@/lib/env";
import { ScanClient } from "./scan-client";

export const metadata: Metadata = { title: "Scan QR code" };
export const dynamic = "force-dynamic";

export default async function ScanPage() {
  await requireSessionUser("/wallet/scan");
  return (
    <main className="page stack">
      <BackToWallet />
      <h1>Scan QR code</h1>
      <p className="muted">Point the camera at the merchant&apos;s QR code. It opens the payment request, the place you are at, or the merchant&apos;s order to confirm.</p>
      <ScanClient appOrigin={new URL(getEnv().APP_URL).origin} />
      <section className="card stack" aria-labelledby="code-heading">
        <h2 id="code-heading" className="section-title">
          No camera? Type the code
        </h2>
        <EnterCodeForm />
      </section>
    </main>
  );
}
