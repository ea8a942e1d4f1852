import type { Metadata } from "next";
import Link from "next/link";
import { BackToWallet } from "@/components/wallet/back-to-wallet";
import { requireSessionUser } from "@/lib/auth/current-user";
import { getUserProfile } from "@/lib/users/get-user-profile";
import { personalPaymentUrl } from "@/lib/wallet/personal-payment-url";
import { ReceiveCard } from "./receive-card";
import "../money.css";

export const metadata: Metadata = { title: "Receive money" };
export const dynamic = "force-dynamic";

/** `/wallet/receive`: the user's personal QR code (`${APP_URL}/u/{handle}`) and handle, to be paid by other people. */
export default async function ReceivePage() {
  const user = await requireSessionUser("/wallet/receive");
  const { handle } = await getUserProfile(user.id);
  return (
    <main className="page stack">
      <BackToWallet />
      <h1>Receive money</h1>
      <ReceiveCard handle={handle} url={personalPaymentUrl(handle)} />
      <p className="muted">
        Money from a bank or payment provider reaches you another way: <Link href="/wallet/add-money">Add money</Link> says how.
      </p>
    </main>
  );
}
