/** Merchant, line items, memo and total of an order; shared by the QR flow and hosted checkout. */
import { ItemsTable } from "@/components/pay/items-table";
export type OrderSummaryProps = {
  merchant: { name: string; icon?: string | null; ocid: number };
  order: {
    id: string;
    amount: string;
    currency: string;
    items?: { id: string; name: string; quantity: number; price: string }[];
    memo?: string | null;
  };
  isVerified?: boolean;
};

export function OrderSummary({ merchant, order, isVerified = true }: OrderSummaryProps) {
  return (
    <div className="stack">
      <div className="merchant">
        {merchant.icon ? (
          // eslint-disable-next-line @next/next/no-img-element -- merchant icons are remote URLs from their metadata
          <img src={merchant.icon} alt="" width={40} height={40} className="merchant-icon" referrerPolicy="no-referrer" />
        ) : (
          <span className="merchant-icon merchant-icon-fallback" aria-hidden="true">
            {merchant.name.slice(0, 1).toUpperCase()}
          </span>
        )}
        <div>
          <div className="merchant-name">{merchant.name}</div>
          {isVerified ? (
            <div className="verified small">
              <span aria-hidden="true">✓ </span>Order signed by the merchant (OCID {merchant.ocid})
            </div>
          ) : null}
        </div>
      </div>
      {order.items && order.items.length > 0 ? (
        <ItemsTable items={order.items.map((item) => ({ key: item.id, name: item.name, qty: item.quantity, price: item.price }))} currency={order.currency} />
      ) : null}
      {order.memo ? <p className="memo">{order.memo}</p> : null}
      <div className="total">
        <span>Total</span>
        <span className="amount" data-testid="order-total">
          {order.amount} {order.currency}
        </span>
      </div>
    </div>
  );
}
