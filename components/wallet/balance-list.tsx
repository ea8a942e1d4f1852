import type { Balance } from "@/lib/wallet/get-balances";

export function BalanceList({ balances }: { balances: Balance[] }) {
  if (balances.length === 0) {
    return <p className="muted">No balance yet. Money you receive or top up will show here.</p>;
  }
  return (
    <ul className="balances" aria-label="Balances">
      {balances.map((b) => (
        <li key={b.currency} className="card">
          <div className="muted small">{b.currency}</div>
          <div className="balance-amount">
            {b.amount} <span className="visually-hidden">{b.currency}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}
