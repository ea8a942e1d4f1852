import Link from "next/link";

/** The header of the merchant pages: back to the wallet, and to the list of one's merchants. */
export function MerchantHeader({ isList = false }: { isList?: boolean }) {
  return (
    <header className="topbar">
      <Link href="/wallet" className="brand">
        ← Wallet
      </Link>
      {isList ? null : <Link href="/merchant">Your merchants</Link>}
    </header>
  );
}
