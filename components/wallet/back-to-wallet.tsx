import Link from "next/link";

/** The header of the wallet's inner pages. */
export function BackToWallet() {
  return (
    <header className="topbar">
      <Link href="/wallet" className="brand">
        ← Wallet
      </Link>
    </header>
  );
}
