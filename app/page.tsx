import Link from "next/link";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/current-user";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  if (await getSessionUser()) redirect("/wallet");
  return (
    <main className="page-narrow stack">
      <h1>Opencharge Wallet</h1>
      <p className="muted">Hold balances, pay at a till by showing a QR code, and pay online with hosted checkout.</p>
      <div style={{ display: "flex", gap: "0.75rem", flexWrap: "wrap" }}>
        <Link className="button" href="/signup">
          Create account
        </Link>
        <Link className="button button-secondary" href="/login">
          Sign in
        </Link>
      </div>
    </main>
  );
}
