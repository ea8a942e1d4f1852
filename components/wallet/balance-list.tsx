import type { Balance } from "@/lib/wallet/get-balances";

/** Balances, each with the money reserved for payment requests apart from it (when there is any). */
export function BalanceList({ balances }: { balances: Array<Balance & { reserved?: string }> }) {
  if (balances.length === 0) {
    return <p className="muted">No balance yet. Money you receive or top up will show here.</p>;
  }
  return (
    <ul className="balances" aria-label="Balances">
      {balances.map((b) => (
        <li key={b.currency} className="card">
          <div className="muted small">{b.currency}</div>
          <div className="balance-amount" data-testid={`balance-${b.currency}`}>
            {b.amount} <span className="visually-hidden">{b.currency}</span>
          </div>
          {b.reserved !== undefined && !isZero(b.reserved) ? (
            <div className="small muted" data-testid={`reserved-${b.currency}`}>
              Reserved {b.reserved} {b.currency}
              <span className="visually-hidden">: waiting for merchants to confirm, not part of the balance above</span>
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

const isZero = (amount: string) => /^0+(\.0+)?$/.test(amount);
